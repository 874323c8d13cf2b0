import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { BrowseProductsDocument, CategoriesDocument, type ProductSort } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { Link } from "../router";

const SORTS: Array<{ value: ProductSort; label: string }> = [
  { value: "NEWEST", label: "Newest" },
  { value: "PRICE_ASC", label: "Price: low to high" },
  { value: "PRICE_DESC", label: "Price: high to low" },
  { value: "NAME_ASC", label: "Name" },
];

interface Filters {
  search: string;
  categorySlug: string;
  sort: ProductSort;
}

/** One page of results; the last page loaded offers "Load more" with its end cursor. */
function ResultPage({ filters, after, isLast, onMore }: { filters: Filters; after: string | null; isLast: boolean; onMore: (cursor: string) => void }) {
  const filter = { ...(filters.search ? { search: filters.search } : {}), ...(filters.categorySlug ? { categorySlug: filters.categorySlug } : {}) };
  const [{ data, fetching, error }] = useQuery({ query: BrowseProductsDocument, variables: { filter, sort: filters.sort, first: 12, after } });
  if (fetching && !data) return <Loading what="products" />;
  const products = data?.products;
  return (
    <>
      <ErrorNote error={error} />
      {after === null && products && <p>{products.totalCount} products</p>}
      <ul className="grid" aria-label={after === null ? "Products" : "More products"}>
        {products?.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <h2>
              <Link to={`/product/${node.id}`}>{node.name}</Link>
            </h2>
            <p>{node.price.formatted}</p>
            <p>{node.category?.name}</p>
            <p>{node.inStock === null ? "Stock unknown" : node.inStock ? "In stock" : "Out of stock"}</p>
          </li>
        ))}
      </ul>
      {isLast && products?.pageInfo.hasNextPage && products.pageInfo.endCursor && (
        <button type="button" onClick={() => onMore(products.pageInfo.endCursor!)}>
          Load more
        </button>
      )}
    </>
  );
}

function FilterForm({ onApply }: { onApply: (filters: Filters) => void }) {
  const [categories] = useQuery({ query: CategoriesDocument });
  const [draft, setDraft] = useState<Filters>({ search: "", categorySlug: "", sort: "NEWEST" });
  // Choosing a category or an order applies at once; the search text waits for the Search button.
  const change = (patch: Partial<Filters>, applyNow: boolean) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (applyNow) onApply(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="inline" role="search" onSubmit={submit}>
      <label>
        Search
        <input type="search" value={draft.search} onChange={(event) => change({ search: event.target.value }, false)} />
      </label>
      <label>
        Category
        <select value={draft.categorySlug} onChange={(event) => change({ categorySlug: event.target.value }, true)}>
          <option value="">All categories</option>
          {categories.data?.categories.map((category) => (
            <option key={category.id} value={category.slug}>
              {category.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by
        <select value={draft.sort} onChange={(event) => change({ sort: event.target.value as ProductSort }, true)}>
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

export function CataloguePage() {
  const [filters, setFilters] = useState<Filters>({ search: "", categorySlug: "", sort: "NEWEST" });
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const apply = (next: Filters) => {
    setFilters(next);
    setCursors([null]);
  };
  return (
    <>
      <h1>Catalogue</h1>
      <FilterForm onApply={apply} />
      {cursors.map((after, index) => (
        <ResultPage key={`${after}`} filters={filters} after={after} isLast={index === cursors.length - 1} onMore={(cursor) => setCursors([...cursors, cursor])} />
      ))}
    </>
  );
}
