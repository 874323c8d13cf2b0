/**
 * The read operations `npm run bench` sends, from one subgraph to six: shallow (the category list, the
 * products subgraph alone), catalogue (a page of products with their stock from inventory and a shipping
 * estimate from shipping, which needs each product's weight through @requires), and deep (the signed-in
 * customer's last 15 orders with their items' products, payment and shipment, and their notifications).
 */
export const SHALLOW_QUERY = `query Shallow { categories { id slug name } }`;

export const catalogueQuery = (first: number) => `query Catalogue {
  products(first: ${first}) {
    totalCount
    edges { node { id name price { cents currency } category { name } inventory { available } inStock shippingEstimate(postalCode: "10115") { cents } } }
  }
}`;

/** How many orders the deep query reads; the bench's customer has at least this many. */
export const DEEP_ORDERS = 15;

export const DEEP_QUERY = `query Deep {
  me {
    id name email
    orders(first: ${DEEP_ORDERS}) {
      totalCount
      edges {
        node {
          id status createdAt total { cents currency }
          items { quantity productName unitPrice { cents } product { id name price { cents } } }
          payment { id status amount { cents } }
          shipment { id status carrier trackingNumber }
        }
      }
    }
    notifications(first: 20) { id kind title createdAt }
  }
}`;
