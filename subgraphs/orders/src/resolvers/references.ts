/** A user is owned by the users subgraph: here it is only the key the gateway resolves, plus `orders`. */
export interface UserReference {
  id: string;
}
