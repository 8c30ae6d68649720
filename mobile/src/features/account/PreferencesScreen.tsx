import { useQueryClient } from "@tanstack/react-query";
import { View } from "react-native";
import type { Preferences } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { SwitchRow } from "../../components/Field";
import { Panel, Screen, Section } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { Loading, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";

const KEY = ["get", "/api/me/preferences", {}] as const;
const CHANNELS = [
  { key: "email", label: "E-mail" },
  { key: "push", label: "Push notifications" },
  { key: "sms", label: "SMS" },
] as const;

/** Which messages reach the shopper on which channel; each switch saves at once (shown
 * changed straight away, put back if the save fails). */
export function PreferencesScreen() {
  const auth = useAuth();
  const { $api } = useServices();
  const queryClient = useQueryClient();
  const prefs = $api.useQuery("get", "/api/me/preferences", {}, { enabled: auth.status === "signed-in" });
  const update = $api.useMutation("patch", "/api/me/preferences", {
    onMutate: async (vars) => {
      const before = queryClient.getQueryData<Preferences>(KEY);
      if (before) {
        const next = { ...before } as Record<string, unknown>;
        for (const [channel, change] of Object.entries(vars.body ?? {})) {
          if (change && typeof change === "object") next[channel] = { ...((before as unknown as Record<string, object>)[channel]), ...change };
        }
        queryClient.setQueryData(KEY, next as Preferences);
      }
      return { before };
    },
    onError: (_e, _v, context) => {
      const before = (context as { before?: Preferences } | undefined)?.before;
      if (before) queryClient.setQueryData(KEY, before);
    },
    onSuccess: (saved) => queryClient.setQueryData(KEY, saved),
  });
  const data = prefs.data as unknown as Record<string, { transactional: boolean; marketing: boolean } | undefined> | undefined;
  return (
    <Screen onRefresh={() => void prefs.refetch()} refreshing={prefs.isRefetching} label="Notifications">
      <Heading level={1}>Notifications</Heading>
      {auth.status === "signed-out" ? <SignInPrompt reason="Sign in to choose what we send you." /> : null}
      {prefs.isPending && auth.status === "signed-in" ? <Loading /> : null}
      {prefs.isError && !data ? <ProblemView problem={problemFrom(prefs.error)} onRetry={() => void prefs.refetch()} /> : null}
      {update.error ? <ProblemView problem={problemFrom(update.error)} /> : null}
      {data ? (
        <View>
          <Body muted>Order updates tell you when an order is confirmed, ships or is refunded. News is the occasional letter about new arrivals.</Body>
          {CHANNELS.map((c) => (
            <Section key={c.key}>
              <Panel>
                <Heading level={2}>{c.label}</Heading>
                <SwitchRow
                  label={`${c.label}: order updates`}
                  value={Boolean(data[c.key]?.transactional)}
                  onChange={(v) => update.mutate({ body: { [c.key]: { transactional: v } } })}
                />
                <SwitchRow
                  label={`${c.label}: news and offers`}
                  value={Boolean(data[c.key]?.marketing)}
                  onChange={(v) => update.mutate({ body: { [c.key]: { marketing: v } } })}
                />
              </Panel>
            </Section>
          ))}
        </View>
      ) : null}
    </Screen>
  );
}
