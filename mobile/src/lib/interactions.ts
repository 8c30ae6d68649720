import { useCallback } from "react";
import type { Body } from "../api/client";
import { useServices } from "../api/services";
import { currentDeviceId } from "./device";

type Interaction = Omit<Body<"/api/interactions", "post">, "anonymous_id">;

/** Records a view, a click on a pick or an add to cart for curation, fire and forget:
 * a guest's under this install's id, a shopper's under their account (the token). */
export function useRecordInteraction(): (interaction: Interaction) => void {
  const { api, session } = useServices();
  return useCallback(
    (interaction) => {
      const anonymous = session.accessToken() ? null : currentDeviceId();
      void api.POST("/api/interactions", { body: { ...interaction, anonymous_id: anonymous } }).catch(() => undefined);
    },
    [api, session],
  );
}
