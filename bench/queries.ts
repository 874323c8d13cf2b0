/** The operations the benchmark sends: a shallow one and a deep one that crosses four subgraphs. */
export const SHALLOW_QUERY = `query Shallow($id: ID!) { product(id: $id) { id name price { formatted } } }`;

export const deepQuery = (first: number) => `query Deep {
  products(first: ${first}) {
    edges { node { id name price { cents } category { name } inventory { available } inStock shippingEstimate(postalCode: "10115") { cents } } }
  }
}`;

/** The part of the deep query the products subgraph can answer alone, for the direct comparison. */
export const DEEP_PRODUCTS_ONLY_QUERY = `query DeepDirect {
  products(first: 20) { edges { node { id name price { cents } category { name } weightGrams } } }
}`;
