/** An order as the payments subgraph knows it: only its id. The orders subgraph owns everything else. */
export interface OrderReference {
  id: string;
}
