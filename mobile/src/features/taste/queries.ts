import { useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Progress } from "../../api/client";
import { useServices } from "../../api/services";
import { asForm, type QuestionnaireForm } from "./wizard";

export interface Answering {
  form: QuestionnaireForm;
  response: Progress | null;
  /** An unfinished response was picked up, with answers so far. */
  resumed: boolean;
  /** Taken again after completing it: started from the answers given last time. */
  retake: boolean;
}

/** The form and, signed in, the shopper's response: resumed (200, with the answers so
 * far) or started (201); `restarts` > 0 starts over. The start is a POST: never cached
 * beyond the screen. */
export function useAnswering(key: string, signedIn: boolean, restarts: number) {
  const { api } = useServices();
  return useQuery<Answering>({
    queryKey: ["questionnaire-response", key, { signedIn, restarts }],
    queryFn: async ({ signal }) => {
      const doc = unwrap(await api.GET("/api/questionnaires/{key}", { params: { path: { key } }, signal }));
      const form = asForm(doc as unknown as Parameters<typeof asForm>[0]);
      if (!signedIn) return { form, response: null, resumed: false, retake: false };
      const started = await api.POST("/api/questionnaires/{key}/responses", {
        params: { path: { key } },
        body: { restart: restarts > 0 },
        signal,
      });
      const response = unwrap(started);
      const resumed = started.response.status === 200 && Object.keys(response.answers).length > 0;
      return { form, response, resumed, retake: !resumed && Boolean(response.prefilled_from) };
    },
    staleTime: Infinity,
    gcTime: 0,
    networkMode: "online",
  });
}

export function useSaveAnswers() {
  const { $api } = useServices();
  return $api.useMutation("patch", "/api/responses/{response_id}/answers");
}

/** Completing changes the taste profile and the home screen's picks: both read again. */
export function useCompleteResponse() {
  const { $api } = useServices();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/responses/{response_id}/complete", {
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["get", "/api/me/taste-profile"] }),
        queryClient.invalidateQueries({ queryKey: ["get", "/api/home"] }),
      ]),
  });
}
