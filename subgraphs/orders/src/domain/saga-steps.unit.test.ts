import { PIVOT_STEP, SAGA_STEP_NAMES, sagaStepPosition } from "./saga-steps";

describe("checkout saga steps", () => {
  it("run in the contract's order, with the payment as the pivot", () => {
    expect(SAGA_STEP_NAMES).toEqual(["RESERVE_INVENTORY", "CHARGE_PAYMENT", "CONFIRM_ORDER", "CREATE_SHIPMENT"]);
    expect(sagaStepPosition(PIVOT_STEP)).toBe(1);
  });

  it("have distinct positions counted from 0", () => {
    expect(SAGA_STEP_NAMES.map(sagaStepPosition)).toEqual([0, 1, 2, 3]);
  });
});
