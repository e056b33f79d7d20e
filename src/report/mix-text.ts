import type { StepDegradation } from '../result/types.ts';
import { fmtMiB, fmtNumber, fmtRps } from './format.ts';
import type { Lang } from './messages.ts';
import type { MixReport, MixStepRow } from './mix.ts';

const TEXT = {
  en: {
    title: 'Mixed run: endpoints at once',
    step: 'Endpoint (step)',
    requests: 'Requests',
    qps: 'QPS',
    errorRate: 'Error rate',
    slo: 'SLO of the endpoint',
    verdict: 'Verdict',
    journey: 'Journey',
    share: 'Share',
    users: 'Users',
    completed: 'Completed',
    ok: 'Ok',
    failed: 'Failed',
    duration: 'Duration',
    pass: 'PASS',
    fail: 'FAIL',
    notJudged: 'not judged',
    degradedFirst: 'Degraded first',
    degradedThen: 'Then',
    noneDegraded: 'No endpoint degraded during the run (each judged second by second on its own error and p95 bounds).',
    at: (d: StepDegradation) => `${d.atS} s into the run, at ${fmtRps(d.targetRps)} users/s`,
  },
  zh: {
    title: '混合场景：所有接口同时加压',
    step: '接口（步骤）',
    requests: '请求数',
    qps: 'QPS',
    errorRate: '错误率',
    slo: '该接口的 SLO',
    verdict: '结论',
    journey: '用户路径',
    share: '占比',
    users: '用户数',
    completed: '完成',
    ok: '成功',
    failed: '失败',
    duration: '耗时',
    pass: '通过',
    fail: '未通过',
    notJudged: '未评判',
    degradedFirst: '最先劣化',
    degradedThen: '随后',
    noneDegraded: '运行期间没有接口劣化（每个接口按自身的错误率与 p95 上限逐秒评判）。',
    at: (d: StepDegradation) => `运行第 ${d.atS} 秒，${fmtRps(d.targetRps)} 用户/秒`,
  },
} as const;

export type MixText = (typeof TEXT)['en'];

export function mixText(lang: Lang): MixText {
  return (lang === 'zh' ? TEXT.zh : TEXT.en) as MixText;
}

/** CPU and memory of a second, as sampled: `CPU 86%, memory 1,203 MiB`. */
export function resourcesText(r: Record<string, number> | undefined): string {
  if (r === undefined) return '';
  const parts: string[] = [];
  if (r.cpuPercent !== undefined) parts.push(`CPU ${fmtNumber(r.cpuPercent)}%`);
  const mem = r.jsMemoryBytes ?? r.rssBytes ?? r.memUsedBytes;
  if (mem !== undefined) parts.push(`memory ${fmtMiB(mem)}`);
  return parts.join(', ');
}

/** `guest-chat, 7 s into the run, at 20 users/s: errors 59.3% ...; CPU 6.7%, memory 247 MiB`. */
export function degradationText(d: StepDegradation, lang: Lang): string {
  const res = resourcesText(d.resources);
  return `${d.step}, ${mixText(lang).at(d)}: ${d.reason}${res ? `; ${res}` : ''}`;
}

/** One line on which step degraded first (and the others after it), or that none did. */
export function degradedFirstLine(mix: MixReport, lang: Lang): string {
  const x = mixText(lang);
  const [first, ...rest] = mix.degradations;
  if (first === undefined) return x.noneDegraded;
  const then = rest.length > 0 ? ` ${x.degradedThen}: ${rest.map((d) => `${d.step} (${d.atS} s)`).join(', ')}.` : '';
  return `${x.degradedFirst}: ${degradationText(first, lang)}.${then}`;
}

export function stepVerdict(r: MixStepRow, lang: Lang): string {
  const x = mixText(lang);
  return r.verdict === 'pass' ? x.pass : r.verdict === 'fail' ? x.fail : x.notJudged;
}
