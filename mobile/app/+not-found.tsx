import { Stack } from "expo-router";
import { LinkButton } from "../src/components/Button";
import { Screen } from "../src/components/Screen";
import { Body, Heading } from "../src/components/Text";

export default function NotFound() {
  return (
    <Screen>
      <Stack.Screen options={{ title: "Not found" }} />
      <Heading level={1}>We can’t find that page</Heading>
      <Body muted>It may have moved, or the link was cut short.</Body>
      <LinkButton label="Back to the shop" href="/" style={{ marginTop: 16, alignSelf: "flex-start" }} />
    </Screen>
  );
}
