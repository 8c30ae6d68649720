import { useQueries, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { problemFrom, type Problem } from "../../api/problem";
import { useApi } from "../../api/query";

type Product = Schemas["Product"];
type Order = Schemas["Order"];
export type Report = Schemas["AdminReport"];
export type ReportName = "sales" | "top-products" | "funnel" | "curation" | "low-stock";
type Key = Schemas["QuestionnaireVersionSummary"]["key"];

const PRODUCTS_KEY = ["get", "/api/admin/products"] as const;
const ORDERS_KEY = ["get", "/api/admin/orders"] as const;
const VERSIONS_KEY = ["get", "/api/admin/questionnaires/{key}/versions"] as const;

/** Replaces one item in every cached page of a staff list (the row keeps its place, even
 * when it no longer matches the list's filter, as staff expect after an edit). */
function replaceItem<T>(queryClient: QueryClient, queryKey: readonly unknown[], same: (item: T) => boolean, next: T): void {
  queryClient.setQueriesData<{ items: T[] }>({ queryKey }, (page) =>
    page ? { ...page, items: page.items.map((item) => (same(item) ? next : item)) } : page,
  );
}

/** Staff product search (`GET /api/admin/products`): by name without words, by relevance with. */
export function useAdminProducts(query: string) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/admin/products", {
    params: { query: { q: query || undefined, limit: 50, sort: query ? "relevance" : "name" } },
  });
}

/** `PATCH /api/admin/products/{sku}` (If-Match: the version edited): the saved product
 * replaces its row; the shop's own reads of products are stale from now on. */
export function useSaveProduct() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("patch", "/api/admin/products/{sku}", {
    onSuccess: (saved) => {
      replaceItem<Product>(queryClient, PRODUCTS_KEY, (p) => p.sku === saved.sku, saved);
      return queryClient.invalidateQueries({
        predicate: (q) => typeof q.queryKey[1] === "string" && /^\/api\/(products|categories|search|home)/.test(q.queryKey[1]),
        refetchType: "none",
      });
    },
  });
}

/** All orders of the shop (`GET /api/admin/orders`), optionally of one status. */
export function useAdminOrders(status: Order["status"] | "") {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/admin/orders", {
    params: { query: { status: status ? [status] : undefined, limit: 50 } },
  });
}

/** `POST /api/admin/orders/{id}/status`: the next step of fulfilment; the answer replaces the row. */
export function useAdvanceOrder() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/admin/orders/{order_id}/status", {
    onSuccess: (saved) => {
      replaceItem<Order>(queryClient, ORDERS_KEY, (o) => o.id === saved.id, saved);
      return queryClient.invalidateQueries({ queryKey: ["get", "/api/orders"], refetchType: "none" });
    },
  });
}

export interface Reports {
  status: "loading" | "error" | "ready";
  data: Record<"sales" | "top" | "funnel" | "curation" | "lowStock", Report> | null;
  problem: Problem | null;
  retry: () => void;
}

/** The reports page's five reports over one range, read side by side. */
export function useReports(filters: { from: string; to: string }, granularity: "day" | "week" | "month"): Reports {
  const { $api } = useApi();
  const report = (name: ReportName, extra: { granularity?: typeof granularity; limit?: number } = {}) =>
    $api.queryOptions("get", "/api/admin/reports/{name}", { params: { path: { name }, query: { ...filters, ...extra } } });
  return useQueries({
    queries: [
      report("sales", { granularity }),
      report("top-products", { limit: 8 }),
      report("funnel"),
      report("curation"),
      report("low-stock"),
    ],
    combine: (results): Reports => {
      const failed = results.find((r) => r.isError);
      const retry = () => results.forEach((r) => r.isError && void r.refetch());
      if (failed) return { status: "error", data: null, problem: problemFrom(failed.error), retry };
      const [sales, top, funnel, curation, lowStock] = results.map((r) => r.data as Report | undefined);
      if (!sales || !top || !funnel || !curation || !lowStock || results.some((r) => r.isPending)) {
        return { status: "loading", data: null, problem: null, retry };
      }
      return { status: "ready", data: { sales, top, funnel, curation, lowStock }, problem: null, retry };
    },
  });
}

/** A questionnaire's versions (`GET /api/admin/questionnaires/{key}/versions`). */
export function useQuestionnaireVersions(key: Key) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/admin/questionnaires/{key}/versions", { params: { path: { key } } });
}

/** Opens one version (read fresh each time). */
export function useOpenVersion() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return (key: Key, version: number) =>
    queryClient.fetchQuery(
      $api.queryOptions("get", "/api/admin/questionnaires/{key}/versions/{version}", { params: { path: { key, version } } }),
    );
}

/** After any change to a version, the version lists are read again. */
function changesVersions(queryClient: QueryClient) {
  return { onSettled: () => queryClient.invalidateQueries({ queryKey: VERSIONS_KEY }) };
}

/** `POST …/versions`: a new draft, copied from the current version. */
export function useCreateDraft() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/admin/questionnaires/{key}/versions", changesVersions(useQueryClient()));
}

/** `PUT …/versions/{version}`: a draft's content. */
export function useSaveDraft() {
  const { $api } = useApi();
  return $api.useMutation("put", "/api/admin/questionnaires/{key}/versions/{version}", changesVersions(useQueryClient()));
}

/** `POST …/versions/{version}/publish`: the draft becomes current. */
export function usePublishVersion() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/admin/questionnaires/{key}/versions/{version}/publish", changesVersions(useQueryClient()));
}

/** `DELETE …/versions/{version}`: a draft, gone. */
export function useDeleteDraft() {
  const { $api } = useApi();
  return $api.useMutation("delete", "/api/admin/questionnaires/{key}/versions/{version}", changesVersions(useQueryClient()));
}
