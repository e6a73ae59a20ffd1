// A page answering a form (a new token's secret, a saved profile) names the address it stands
// for (data-location): the history holds that address, so that reloading it shows the page anew
// rather than sending the form again (a second token, shown again).
export function settleLocation(root) {
  const named = root.querySelector("[data-location]");
  if (named && location.pathname !== named.dataset.location) history.replaceState(null, "", named.dataset.location);
}
