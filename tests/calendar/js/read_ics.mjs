// Read an iCalendar file on stdin with ical.js (the parser inside Thunderbird and
// Nextcloud) and print its events as JSON, with start and end converted to UTC by
// ical.js itself from the VTIMEZONEs of the file. Used by tests/calendar.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function utcIso(time) {
  if (time.zone !== ICAL.Timezone.utcTimezone && !ICAL.TimezoneService.has(time.timezone || time.zone.tzid)) {
    throw new Error(`time ${time.toString()} has no known zone (floating): TZID=${time.timezone}`);
  }
  const utc = time.convertToZone(ICAL.Timezone.utcTimezone);
  const fromUnix = new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
  const converted = utc.toString().replace(/\.\d+/, "");
  if (fromUnix.slice(0, 19) !== converted.slice(0, 19)) {
    throw new Error(`ical.js disagrees with itself: ${fromUnix} vs ${converted}`);
  }
  return fromUnix;
}

function describe(vevent) {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: utcIso(event.startDate),
    end: utcIso(event.endDate),
    tzid: vevent.getFirstProperty("dtstart").getParameter("tzid") || null,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
  };
}

const text = await readStdin();
const calendar = new ICAL.Component(ICAL.parse(text));
const timezones = calendar.getAllSubcomponents("vtimezone");
for (const vtimezone of timezones) {
  ICAL.TimezoneService.register(vtimezone);
}
const output = {
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  timezones: timezones.map((vtimezone) => vtimezone.getFirstPropertyValue("tzid")),
  events: calendar.getAllSubcomponents("vevent").map(describe),
};
process.stdout.write(JSON.stringify(output));
