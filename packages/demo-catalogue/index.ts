export { DEMO_CATEGORIES, DEMO_PRODUCTS, stableId, type DemoCategory, type DemoProduct } from "./catalogue";
