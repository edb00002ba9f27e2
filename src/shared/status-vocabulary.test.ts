import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ComponentStatus,
  IMPACTS,
  Impact,
  impactOf,
  impactRank,
  problemLevelLabelKey,
  problemLevelOf,
  problemLevelRank,
  SERVICE_STATES,
  Severity,
  serviceStateLabelKey,
  severityLabelKey,
  severityOfState,
  stateRank,
  worseImpact,
  worseState,
} from './status-vocabulary.ts';

test('states rank mildest first, maintenance with operational', () => {
  assert.deepEqual(SERVICE_STATES.map(stateRank), [0, 1, 2, 3]);
  assert.equal(stateRank('under_maintenance'), 0);
  assert.equal(worseState('partial_outage', 'degraded_performance'), 'partial_outage');
  assert.equal(worseState('operational', 'major_outage'), 'major_outage');
  // a tie keeps the first: maintenance stays maintenance next to operational
  assert.equal(worseState<ComponentStatus>('under_maintenance', 'operational'), 'under_maintenance');
});

test('each state has the impact, severity and problem level of its rank', () => {
  const rows = ComponentStatus.options.map((s) => [s, impactOf(s), severityOfState(s), problemLevelOf(s)]);
  assert.deepEqual(rows, [
    ['operational', 'none', null, 'no_problems'],
    ['degraded_performance', 'minor', 'minor', 'possible_problems'],
    ['partial_outage', 'major', 'major', 'problems_detected'],
    ['major_outage', 'critical', 'critical', 'problems_detected'],
    ['under_maintenance', 'none', null, 'no_problems'],
  ]);
});

test('impacts rank like states and the worse one wins', () => {
  assert.deepEqual(IMPACTS.map(impactRank), [0, 1, 2, 3]);
  assert.equal(worseImpact('major', 'minor'), 'major');
  assert.equal(worseImpact('none', 'critical'), 'critical');
});

test('problem levels rank mildest first', () => {
  assert.deepEqual(
    (['problems_detected', 'no_problems', 'possible_problems'] as const).map(problemLevelRank),
    [2, 0, 1],
  );
});

test('a severity is an impact other than none', () => {
  assert.deepEqual(Severity.options, ['minor', 'major', 'critical']);
  assert.equal(Severity.safeParse('none').success, false);
  assert.equal(Impact.safeParse('none').success, true);
  assert.equal(ComponentStatus.safeParse('full_outage').success, false);
});

test('label keys name the i18n entries that hold the words', () => {
  assert.equal(problemLevelLabelKey('possible_problems'), 'verdict.possible_problems');
  assert.equal(serviceStateLabelKey('partial_outage'), 'state.partial_outage');
  assert.equal(severityLabelKey('critical'), 'severity.critical');
});
