import { useCallback, useEffect, useState } from "react";
import { problemFrom, type Problem } from "../api/problem";

export type Loadable<T> =
  | { status: "loading"; data?: undefined; problem?: undefined }
  | { status: "error"; problem: Problem; data?: undefined }
  | { status: "ready"; data: T; problem?: undefined };

/** Loads data for a page; reloads when `key` changes; aborts what is no longer wanted. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", problem: problemFrom(error) });
      },
    );
    return () => controller.abort();
    // `load` is a new closure every render; `key` says when its inputs changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
