// The parts of a page that react without a round trip: each module finds its own elements.
// No inline script anywhere (the Content-Security-Policy allows none), so this is the one entry.
import { startClocks } from "./clock.js";
import { startTimesheets } from "./timesheet.js";

startClocks(document);
startTimesheets(document);
document.addEventListener("htmx:afterSwap", (event) => {
  startClocks(event.target);
  startTimesheets(event.target);
});
