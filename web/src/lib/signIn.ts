/** Where the sign-in button goes: a full-page visit to the BFF, back to `returnTo`. */
export function loginHref(returnTo: string, stepUp = false): string {
  const params = new URLSearchParams({ return_to: returnTo.startsWith("/") ? returnTo : "/" });
  if (stepUp) params.set("prompt", "step_up");
  return `/auth/login?${params.toString()}`;
}

/** Sends the browser to sign in (a full-page navigation, not a client route). */
export function goToSignIn(returnTo: string, stepUp = false): void {
  window.location.assign(loginHref(returnTo, stepUp));
}
