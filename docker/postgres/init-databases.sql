-- Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
-- One database per domain, each reached only by its own subgraph. `npm run db:setup` (the migrate
-- service) also creates any that are missing, so a volume created before a domain was added still works.
CREATE DATABASE shop_users;
CREATE DATABASE shop_products;
CREATE DATABASE shop_inventory;
CREATE DATABASE shop_orders;
CREATE DATABASE shop_payments;
CREATE DATABASE shop_shipping;
CREATE DATABASE shop_notifications;
