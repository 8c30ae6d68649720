import { useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/problem";
import { useApi } from "../../api/query";
import { asForm } from "./wizard";

/** What curation made of the shopper's answers (`GET /api/me/taste-profile`). */
export function useTasteProfile() {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/me/taste-profile");
}

/** A questionnaire's form and, signed in, the shopper's response to it: resumed (200,
 * with the answers so far) or started (201, from the answers of the last completed one when
 * there is one: a retake); `restarts` > 0 starts over, blank. The start is a
 * POST, so it is never shared between visits: each visit of the page (and each "Start
 * over") asks again, and nothing is kept once the page is left. */
export function useQuestionnaireResponse(key: string, canStart: boolean, restarts: number, enabled = true) {
  const { client } = useApi();
  return useQuery({
    enabled,
    queryKey: ["questionnaire-response", key, { canStart, restarts }],
    queryFn: async ({ signal }) => {
      const form = asForm(unwrap(await client.GET("/api/questionnaires/{key}", { params: { path: { key } }, signal })));
      if (!canStart) return { form, response: null, resumed: false, retake: false };
      const started = await client.POST("/api/questionnaires/{key}/responses", {
        params: { path: { key } },
        body: { restart: restarts > 0 },
        signal,
      });
      const response = unwrap(started);
      const resumed = started.response.status === 200 && Object.keys(response.answers).length > 0;
      // Taken again after completing it: the answers given last time, to edit.
      const retake = !resumed && Boolean(response.prefilled_from);
      return { form, response, resumed, retake };
    },
    staleTime: Infinity,
    gcTime: 0,
  });
}

/** `PATCH /api/responses/{id}/answers`: one step's answers, saved as the shopper goes. */
export function useSaveAnswers() {
  const { $api } = useApi();
  return $api.useMutation("patch", "/api/responses/{response_id}/answers");
}

/** `POST /api/responses/{id}/complete`: the taste profile and the home page's picks
 * follow the answers from now on, so both are read again. */
export function useCompleteResponse() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/responses/{response_id}/complete", {
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["get", "/api/me/taste-profile"] }),
        queryClient.invalidateQueries({ queryKey: ["get", "/api/home"] }),
      ]),
  });
}
