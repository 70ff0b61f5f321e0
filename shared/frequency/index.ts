/** Frequency handling: date parsing, calendar arithmetic, inference and the regular grid. */
export { addPeriods, dateRange } from './add-periods';
export {
  civilFromDays, daysFromCivil, daysInMonth, formatDay, formatInstant, isLeapYear, weekdayFromDays,
  MS_PER_DAY, MS_PER_HOUR, type CivilDate,
} from './calendar';
export { inferFrequency, inferFrequencyFromTimes, isOnGrid, medianSpacing } from './infer';
export { DATE_FORMATS, DATE_FORMAT_PATTERN, instantOf, parseDate, type DateFormat, type DateParseResult, type ParsedDate } from './parse-date';
export { periodIndex, periodLabel } from './period-index';
