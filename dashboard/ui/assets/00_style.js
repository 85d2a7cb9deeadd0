/* Generated from dashboard/ui/style.py by `python -m dashboard.ui.style`: edit that, not this. */
window.jru = window.jru || {};
window.jru.style = {
 "COVERAGE_COLOUR": {
  "7": "#08519c",
  "15": "#4292c6",
  "30": "#9ecae1"
 },
 "DENSE_INCIDENTS": 400,
 "DISTRICT_COLOUR": [
  "#56B4E9",
  "#009E73",
  "#E69F00",
  "#CC79A7",
  "#0072B2",
  "#D55E00",
  "#F0E442"
 ],
 "OTHER_SUGGESTION_COLOUR": "#56B4E9",
 "SELECTED_COLOUR": "#0072B2",
 "STALE_COLOUR": "#a0a0a0",
 "STATUS_COLOUR": {
  "available": "#009E73",
  "en_route": "#0072B2",
  "off_duty": "#6b6b6b",
  "on_scene": "#E69F00",
  "unavailable": "#CC79A7"
 },
 "STATUS_LABEL": {
  "available": "Available",
  "en_route": "En route",
  "off_duty": "Off duty",
  "on_scene": "On scene",
  "unavailable": "Unavailable"
 },
 "TYPE_ICON": {
  "assault": "bi-person-exclamation",
  "disorder": "bi-megaphone-fill",
  "medical": "bi-heart-pulse-fill",
  "mental_health": "bi-chat-heart-fill",
  "other": "bi-exclamation-lg",
  "rtc": "bi-car-front-fill"
 },
 "UNIT_LABEL_LIMIT": 300,
 "URGENCY_FILL": {
  "1": "#D55E00",
  "2": "#E69F00",
  "3": "#F0E442",
  "4": "#ffffff"
 }
};
