// The parts of a page that react without a round trip: each module finds its own elements.
// No inline script anywhere (the Content-Security-Policy allows none), so this is the one entry.
import { startClocks } from "./clock.js";
import { keepFocus, markBusy } from "./swaps.js";
import { followTimer } from "./timer-sync.js";
import { keyboardEditing } from "./inline-edit.js";
import { themeSwitch } from "./theme.js";
import { tasksFollowProjects } from "./pickers.js";
import { startTimesheets } from "./timesheet.js";
import { commandPalette } from "./palette.js";
import { copyButtons } from "./copy.js";
import { startCalendar } from "./calendar.js";
import { reportCharts } from "./report-chart.js";
import { reportPeriods } from "./report-form.js";
import { settleLocation } from "./location.js";
import { offlineForms } from "./offline.js";

startClocks(document);
markBusy(document);
keepFocus(document);
followTimer(window);
keyboardEditing(document);
themeSwitch(document);
tasksFollowProjects(document);
startTimesheets(document);
commandPalette(document);
copyButtons(document);
startCalendar(document);
reportCharts(document);
reportPeriods(document);
settleLocation(document);
offlineForms(document);
document.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.target.isConnected ? event.target : document;
  startClocks(swapped);
  tasksFollowProjects(swapped);
  startTimesheets(swapped);
});
