import AsyncStorage from "@react-native-async-storage/async-storage";
import { randomUUID } from "expo-crypto";

const KEY = "bookbrew.device-id";
let deviceId: string | null = null;

/** The install's random id, made once and kept: BFF Mobile keys a guest's cart by it
 * (`X-Device-Id`) and curation records a guest's views under it. */
export async function loadDeviceId(): Promise<string> {
  if (deviceId) return deviceId;
  const stored = await AsyncStorage.getItem(KEY);
  deviceId = stored && /^[A-Za-z0-9_-]{20,64}$/.test(stored) ? stored : randomUUID();
  if (deviceId !== stored) await AsyncStorage.setItem(KEY, deviceId);
  return deviceId;
}

/** The id once `loadDeviceId` has run (the app loads it before its first request). */
export function currentDeviceId(): string | null {
  return deviceId;
}
