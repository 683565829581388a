import { describe, expect, it } from '@jest/globals';
import * as vote from '../../../domain/vote/index.js';

describe('domain/vote public surface', () => {
  it('exports the area, roster and tally functions, the value lists and the module’s error codes', () => {
    expect(Object.keys(vote).sort()).toEqual([
      'AREA_SOURCES',
      'CHOICES',
      'DEVELOPER_KEY',
      'MATTERS',
      'MAX_AREA_CENTI',
      'ROOM_KEY_PREFIX',
      'VOTE_ERROR_CODES',
      'buildRoster',
      'countTotals',
      'countedVote',
      'formatArea',
      'parseArea',
      'personKeyOf',
      'rosterProblems',
      'tallyVotes',
    ]);
    expect(vote.VOTE_ERROR_CODES).toEqual(['empty_roster', 'duplicate_room', 'roster_import_invalid']);
    expect(vote.CHOICES).toEqual(['agree', 'oppose', 'abstain']);
    expect(vote.MATTERS).toEqual(['major', 'ordinary']);
    expect(vote.AREA_SOURCES).toEqual(['register', 'survey', 'contract']);
  });

  it('tallies a whole ballot from typed areas through the public surface', () => {
    const roster = vote.buildRoster(
      ['72.50', '72.50', '88.00'].map((area, i) => ({
        room: `${i + 1}01`,
        floor: i + 1,
        areaCenti: vote.parseArea(area),
        areaSource: 'register' as const,
      })),
    );
    const tally = vote.tallyVotes(
      roster,
      { matter: 'major', abstentionParticipates: true, onCoOwnerConflict: 'earlier' },
      [{ seq: 1, room: '301', choice: 'agree', voterId: 'w1' }],
    );
    expect(tally.passed).toBe(false);
    expect(vote.formatArea(tally.missing.areaCenti)).toBe('67.34');
    expect(tally.missing.owners).toBe(1);
  });
});
