import { describe, expect, it } from 'vitest';
import { bridgesForZoneChange, countStreaks, streakRecord } from '../../src/core/streaks.js';

const five = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];

describe('streak bridges', () => {
  it('join a streak without counting in it', () => {
    const bridges = ['2026-12-06'];
    expect(countStreaks(five, '2026-12-07', bridges)).toEqual({ current: 5, best: 5 });
    expect(countStreaks([...five, '2026-12-07'], '2026-12-07', bridges)).toEqual({ current: 6, best: 6 });
    expect(streakRecord(five, bridges)).toEqual({
      run: 5,
      lastDay: '2026-12-06',
      best: 5,
      bestDay: '2026-12-05',
    });
    // Without the bridge, the move from Pago Pago to Kiritimati read 0.
    expect(countStreaks(five, '2026-12-07')).toEqual({ current: 0, best: 5 });
  });

  it('start nothing by themselves', () => {
    expect(countStreaks([], '2026-12-07', ['2026-12-06'])).toEqual({ current: 0, best: 0 });
    expect(countStreaks(['2026-12-01'], '2026-12-07', ['2026-12-06'])).toEqual({ current: 0, best: 1 });
  });

  it('are the days a move east takes from a live streak, and none otherwise', () => {
    const record = streakRecord(five);
    expect(bridgesForZoneChange(record, '2026-12-05', '2026-12-07')).toEqual(['2026-12-05', '2026-12-06']);
    expect(bridgesForZoneChange(record, '2026-12-06', '2026-12-07')).toEqual(['2026-12-06']);
    expect(bridgesForZoneChange(record, '2026-12-05', '2026-12-05')).toEqual([]);
    expect(bridgesForZoneChange(record, '2026-12-05', '2026-12-04')).toEqual([]);
    expect(bridgesForZoneChange(record, '2026-12-08', '2026-12-09')).toEqual([]);
  });

  it('count days a move west leaves ahead of today, as the boards do', () => {
    expect(countStreaks(['2026-12-05', '2026-12-06', '2026-12-07'], '2026-12-06')).toEqual({
      current: 3,
      best: 3,
    });
  });
});
