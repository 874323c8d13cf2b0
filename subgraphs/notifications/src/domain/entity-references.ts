/** Entities other subgraphs own, as this subgraph knows them: only their keys. */
export interface UserReference {
  id: string;
}

export interface OrderReference {
  id: string;
}

export interface ProductReference {
  id: string;
}
