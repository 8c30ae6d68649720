import { useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/query";
import { SESSION_KEY } from "./session";

/** `POST /api/register`: a new account (the e-mailed link confirms it). */
export function useRegister() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/register");
}

/** `POST /api/verify-email`: the token from the e-mailed link. */
export function useVerifyEmail() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/verify-email");
}

/** The shopper's notification preferences (`GET /api/me/preferences`). */
export function usePreferences() {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/me/preferences");
}

/** `PATCH /api/me/preferences`: what changed; the answer is what the page shows next. */
export function useSavePreferences() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("patch", "/api/me/preferences", {
    onSuccess: (saved) => queryClient.setQueryData($api.queryOptions("get", "/api/me/preferences").queryKey, saved),
  });
}

/** `POST /api/me/mfa/totp`: a new authenticator secret to scan. */
export function useStartTotp() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/me/mfa/totp");
}

/** `POST /api/me/mfa/totp/confirm`: the first code turns two-step sign-in on, which the
 * session (the profile's `mfa_enabled`) then says. */
export function useConfirmTotp() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/me/mfa/totp/confirm", {
    onSuccess: () => void queryClient.refetchQueries({ queryKey: SESSION_KEY }),
  });
}
