/**
 * What mini-program subscription messages say: the fields of each template, as WeChat shows them.
 * Every reminder template has `thing1` 事项, `time2` 截止时间 and `thing3` 温馨提示; WeChat shows at
 * most 20 characters of a `thing` and refuses more, so a long unit name is cut to fit. Pure.
 */

/** `text` as a `thing` field: whole when it fits in 20 characters, else cut with an ellipsis. */
function thing(text: string): string {
  const chars = [...text];
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`;
}

/** The ballot reminder: which vote, when it closes (`endsAt` as documents write it), open it and vote. */
export function subscriberBallotReminder(input: {
  unitName: string;
  endsAt: string;
}): Record<string, string> {
  return {
    thing1: thing(`${input.unitName}加装电梯表决`),
    time2: input.endsAt,
    thing3: '您家还没表决，点这里投票',
  };
}

/** The start of publicity: what is publicized, until 24:00 of `endsOn`, and to object before then. */
export function subscriberPublicityNotice(input: {
  unitName: string;
  endsOn: string;
}): Record<string, string> {
  const [year, month, day] = input.endsOn.split('-').map(Number);
  return {
    thing1: thing(`${input.unitName}加装电梯公示`),
    time2: `${year}年${month}月${day}日 24:00`,
    thing3: '有意见请在公示期内提出',
  };
}
