import { createHash } from "node:crypto";

/**
 * The demo catalogue `npm start` seeds. Product ids are derived from the SKU, so the products and
 * inventory databases agree on them without talking to each other, and re-seeding is idempotent.
 */
export interface DemoCategory {
  id: string;
  slug: string;
  name: string;
}

export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  weightGrams: number;
  categorySlug: string;
  /** Units on the shelf when seeded. */
  stock: number;
}

/** A stable UUID (version 5 layout) from a name, so seeded ids never change between runs. */
export function stableId(kind: string, name: string): string {
  const bytes = createHash("sha1").update(`shop-demo:${kind}:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const category = (slug: string, name: string): DemoCategory => ({ id: stableId("category", slug), slug, name });

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  category("electronics", "Electronics"),
  category("books", "Books"),
  category("kitchen", "Kitchen"),
  category("outdoor", "Outdoor"),
];

type Row = [sku: string, name: string, description: string, priceCents: number, weightGrams: number, stock: number];

const rows: Record<string, Row[]> = {
  electronics: [
    ["EL-1001", "Wireless Earbuds", "Noise-cancelling earbuds with a pocket charging case.", 7999, 60, 120],
    ["EL-1002", "Mechanical Keyboard", "Tenkeyless keyboard with hot-swappable brown switches.", 11900, 900, 40],
    ["EL-1003", "USB-C Hub", "Seven ports: HDMI, SD card, three USB-A and power delivery.", 3450, 120, 200],
    ["EL-1004", "27-inch Monitor", "QHD IPS panel at 144 Hz with a height-adjustable stand.", 32900, 6200, 15],
    ["EL-1005", "Portable Speaker", "Waterproof speaker with twelve hours of playback.", 5900, 540, 75],
    ["EL-1006", "Webcam 1080p", "Full HD webcam with a privacy shutter and two microphones.", 4999, 160, 60],
    ["EL-1007", "E-Reader", "Glare-free 7-inch screen with warm light, 16 GB.", 13999, 210, 35],
    ["EL-1008", "Power Bank 20000 mAh", "Charges a phone four times; 65 W USB-C output.", 4500, 430, 90],
  ],
  books: [
    ["BK-2001", "Designing Data Systems", "A practical tour of storage engines, replication and streams.", 4200, 950, 50],
    ["BK-2002", "The Pragmatic Engineer's Handbook", "Habits and tools for shipping software that lasts.", 3800, 700, 45],
    ["BK-2003", "Distributed Sagas Explained", "Long-lived transactions across services, step by step.", 2999, 420, 30],
    ["BK-2004", "GraphQL in Production", "Schema design, federation and operating a supergraph.", 3499, 610, 40],
    ["BK-2005", "A Field Guide to Mushrooms", "Four hundred species with colour plates.", 2450, 820, 25],
    ["BK-2006", "Slow Cooking", "One hundred recipes that wait for you.", 2200, 1100, 20],
    ["BK-2007", "Night Sky Atlas", "Star charts for every month of the year.", 2750, 1300, 18],
  ],
  kitchen: [
    ["KT-3001", "Chef's Knife 20 cm", "Forged stainless steel with a full tang.", 8900, 280, 60],
    ["KT-3002", "Cast Iron Skillet", "Pre-seasoned 26 cm skillet for oven and hob.", 4200, 2700, 35],
    ["KT-3003", "Pour-Over Coffee Set", "Glass dripper, carafe and a hundred filters.", 3600, 900, 50],
    ["KT-3004", "Digital Kitchen Scale", "Weighs to the gram up to 5 kg.", 1999, 450, 110],
    ["KT-3005", "Bamboo Cutting Board", "Large board with a juice groove.", 2500, 1600, 70],
    ["KT-3006", "Stand Mixer", "Five-litre bowl, ten speeds, dough hook and whisk.", 27900, 9800, 10],
    ["KT-3007", "Espresso Cups (set of 4)", "Double-walled glass cups, 80 ml.", 2400, 520, 80],
    ["KT-3008", "Spice Grinder", "Electric burr grinder for whole spices.", 3100, 780, 0],
  ],
  outdoor: [
    ["OD-4001", "Trail Backpack 30 L", "Ventilated back panel and a rain cover.", 8900, 1150, 40],
    ["OD-4002", "Camping Stove", "Compact gas stove with piezo ignition.", 4900, 370, 30],
    ["OD-4003", "Sleeping Bag", "Rated to -5 °C, packs to the size of a melon.", 12900, 1400, 20],
    ["OD-4004", "Two-Person Tent", "Freestanding tent, 2.1 kg, two doors.", 24900, 2100, 12],
    ["OD-4005", "Headlamp", "400 lumens, rechargeable, red night mode.", 3500, 90, 150],
    ["OD-4006", "Insulated Bottle 750 ml", "Keeps drinks cold for a day.", 2900, 380, 130],
    ["OD-4007", "Folding Chair", "Aluminium frame, holds 120 kg.", 3900, 3200, 25],
  ],
};

export const DEMO_PRODUCTS: readonly DemoProduct[] = Object.entries(rows).flatMap(([categorySlug, products]) =>
  products.map(([sku, name, description, priceCents, weightGrams, stock]) => ({
    id: stableId("product", sku),
    sku,
    name,
    description,
    priceCents,
    weightGrams,
    categorySlug,
    stock,
  })),
);
