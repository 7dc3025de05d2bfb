/**
 * The time every ticket rule reads (openings, transitions, due dates, slaBreached). Tests replace
 * `now` to move through hours of service level without sleeping; nothing else should.
 */
export const operationsClock = {
  now: (): Date => new Date(),
};
