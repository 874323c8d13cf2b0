export { rowByKeyLoader, rowsByKeyLoader } from "./loaders";
