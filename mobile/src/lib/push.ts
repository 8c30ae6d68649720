import AsyncStorage from "@react-native-async-storage/async-storage";
import Constants from "expo-constants";
import * as Notifications from "expo-notifications";
import { Platform } from "react-native";
import type { Api } from "../api/client";

const KEY = "bookbrew.push-device";

export type PushOutcome =
  | { status: "registered"; token: string }
  | { status: "denied" }
  | { status: "unsupported"; reason: string };

/** After sign-in: ask to send notifications (order confirmed, shipped), get this
 * install's Expo push token and register it with BFF Mobile (`POST /api/devices`, into
 * the notifications service's device registry that its Expo channel sends to). The web
 * build has no Expo push token: it skips this quietly. */
export async function registerForPush(api: Api): Promise<PushOutcome> {
  if (Platform.OS === "web") return { status: "unsupported", reason: "web" };
  try {
    if (Platform.OS === "android") {
      await Notifications.setNotificationChannelAsync("orders", {
        name: "Orders",
        importance: Notifications.AndroidImportance.DEFAULT,
      });
    }
    let permission = await Notifications.getPermissionsAsync();
    if (!permission.granted && permission.canAskAgain) permission = await Notifications.requestPermissionsAsync();
    if (!permission.granted) return { status: "denied" };
    const extra = Constants.expoConfig?.extra as { eas?: { projectId?: string } } | undefined;
    const projectId = extra?.eas?.projectId ?? Constants.easConfig?.projectId;
    const { data: token } = await Notifications.getExpoPushTokenAsync(projectId ? { projectId } : undefined);
    const { data: device, error } = await api.POST("/api/devices", { body: { token, label: Platform.OS } });
    if (!device) throw new Error(`device not registered: ${JSON.stringify(error)}`);
    await AsyncStorage.setItem(KEY, device.id);
    return { status: "registered", token };
  } catch (error) {
    // No push service (a simulator, Expo Go without a project id): shopping goes on.
    return { status: "unsupported", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The push device registered last (its id at BFF Mobile), for sign-out to remove it. */
export async function registeredPushDevice(): Promise<string | null> {
  return AsyncStorage.getItem(KEY);
}

export async function forgetPushDevice(): Promise<void> {
  await AsyncStorage.removeItem(KEY);
}

/** Show notifications that arrive while the app is open, too. */
export function showNotificationsInForeground(): void {
  if (Platform.OS === "web") return;
  Notifications.setNotificationHandler({
    handleNotification: async () => ({
      shouldShowBanner: true,
      shouldShowList: true,
      shouldPlaySound: false,
      shouldSetBadge: false,
    }),
  });
}
