import { realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRELUDE, writeFakeAction as writeAction } from './fake-action';
import { type RunActionOptions, runAction as run } from './run-action';

// Every folder a test creates (fake actions, workspaces, runner temps) is removed at the end.
const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});
const writeFakeAction = async (...args: Parameters<typeof writeAction>) => {
  const dir = await writeAction(...args);
  created.push(dir);
  return dir;
};
const runAction = async (options: RunActionOptions) => {
  const result = await run(options);
  created.push(result.workspace, result.runnerTemp);
  return result;
};

const NODE24 = (extra = '') => `name: fake\nruns:\n  using: node24\n  main: dist/index.js\n${extra}`;

describe('runAction: the main step', () => {
  it('runs under Node 24 in the workspace, with the runner environment and nothing of ours', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE}
        setOutput('node', process.version);
        setOutput('cwd', process.cwd());
        setOutput('env', JSON.stringify(process.env));
      `,
    });
    const result = await runAction({
      actionDir: action,
      event: { name: 'pull_request', payload: { number: 7 } },
      repository: 'octo/repo',
      sha: 'a'.repeat(40),
      ref: 'refs/pull/7/merge',
    });
    expect(result.exitCode).toBe(0);
    expect(result.conclusion).toBe('success');
    expect(result.outputs.node).toMatch(/^v24\./);
    expect(await realpath(result.outputs.cwd ?? '')).toBe(await realpath(result.workspace));
    const env = JSON.parse(result.outputs.env ?? '{}') as Record<string, string>;
    expect(env).toMatchObject({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: result.workspace,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'octo/repo',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: result.runnerTemp,
    });
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
      expect(env[name]).toContain(join(result.runnerTemp, '_runner_file_commands'));
    }
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(env.GITHUB_EVENT_PATH ?? '', 'utf8'))).toEqual({ number: 7 });
    // The test runner's own variables must not leak into the action.
    expect(Object.keys(env).filter((name) => /^(VITEST|NODE_OPTIONS|npm_)/.test(name))).toEqual([]);
    expect(env.PATH).not.toContain('node_modules');
    expect(result.post).toBeUndefined();
  });

  it('reads outputs in name=value and heredoc form, and the summary as text', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE}
        appendFileSync(process.env.GITHUB_OUTPUT, 'plain=a=b<<c\\n\\nmulti<<EOF\\nline 1\\n\\nline 3\\nEOF\\nempty<<EOF\\nEOF\\n');
        setOutput('json', JSON.stringify({ x: [1, 2] }, null, 2));
        appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Verdict\\n\\n| a | b |\\n');
        appendFileSync(process.env.GITHUB_ENV, 'FOO=bar\\n');
        appendFileSync(process.env.GITHUB_PATH, '/opt/tool/bin\\n');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.outputs).toEqual({
      plain: 'a=b<<c',
      multi: 'line 1\n\nline 3',
      empty: '',
      json: '{\n  "x": [\n    1,\n    2\n  ]\n}',
    });
    expect(result.summary).toBe('## Verdict\n\n| a | b |\n');
    expect(result.env).toEqual({ FOO: 'bar' });
    expect(result.path).toEqual(['/opt/tool/bin']);
  });

  it('fails the step when a file command is malformed, as the runner does', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE}
        appendFileSync(process.env.GITHUB_OUTPUT, 'name<<EOF\\nvalue without its delimiter\\n');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.exitCode).toBe(0);
    expect(result.conclusion).toBe('failure');
    expect(result.annotations.map((a) => a.message)).toEqual([
      "Unable to process file command 'output' successfully.",
      "Invalid value. Matching delimiter not found 'EOF'",
    ]);
  });

  it('decodes annotations with escaped properties and data', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE}
        command('error', { file: 'src/a,b:c.ts', line: 3, endLine: 5, col: 2, title: 'Coverage: 50%, below 80%' },
          'first line\\nsecond %0A line');
        command('warning', { file: process.cwd() + '/src/inside.ts', line: 1 }, 'absolute path in the workspace');
        command('notice', {}, 'plain notice');
        process.stdout.write('   ::WARNING::upper-case command, leading spaces\\n');
        process.stderr.write('::error::on stderr\\n');
        process.stdout.write('::unknown-command::stays in the log\\n');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message: 'first line\nsecond %0A line',
        file: 'src/a,b:c.ts',
        line: 3,
        endLine: 5,
        col: 2,
        title: 'Coverage: 50%, below 80%',
      },
      { level: 'warning', message: 'absolute path in the workspace', file: 'src/inside.ts', line: 1 },
      { level: 'notice', message: 'plain notice' },
      { level: 'warning', message: 'upper-case command, leading spaces' },
      { level: 'error', message: 'on stderr' },
    ]);
    expect(result.log).toContain('::unknown-command::stays in the log');
    // Annotations never fail a step on their own; only the exit code does.
    expect(result.conclusion).toBe('success');
  });

  it('records debug lines, groups and masks, and masks secrets in the log', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE}
        command('add-mask', {}, 's3cr3t-value');
        command('debug', {}, 'a debug line');
        command('group', {}, 'Reading reports');
        console.log('token is s3cr3t-value');
        command('endgroup', {}, '');
        command('add-mask', {}, '   ');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.masks).toEqual(['s3cr3t-value']);
    expect(result.debug).toEqual(['a debug line']);
    expect(result.groups).toEqual(['Reading reports']);
    expect(result.log).toBe('##[group]Reading reports\ntoken is ***\n##[endgroup]');
    expect(result.stdout).toContain('token is s3cr3t-value');
    expect(result.annotations).toEqual([
      { level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command." },
    ]);
  });

  it('stops processing commands between stop-commands and its token', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `
        console.log('::stop-commands::pause-token');
        console.log('::error::not an annotation');
        console.log('::pause-token::');
        console.log('::error::an annotation');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.annotations).toEqual([{ level: 'error', message: 'an annotation' }]);
    expect(result.log).toContain('::error::not an annotation');
  });

  it('reports a non-zero exit code as a failed step', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `${PRELUDE} command('error', {}, 'gate failed'); process.exitCode = 1;`,
    });
    const result = await runAction({ actionDir: action });
    expect(result).toMatchObject({ exitCode: 1, conclusion: 'failure' });
    expect(result.annotations).toEqual([{ level: 'error', message: 'gate failed' }]);
  });

  it('refuses the deprecated set-env command and warns on set-output', async () => {
    const action = await writeFakeAction(NODE24(), {
      'index.js': `
        console.log('::set-output name=old::value');
        console.log('::set-env name=X::y');
      `,
    });
    const result = await runAction({ actionDir: action });
    expect(result.outputs).toEqual({ old: 'value' });
    expect(result.conclusion).toBe('failure');
    expect(result.annotations.map((a) => a.level)).toEqual(['warning', 'error', 'error']);
  });
});

describe('runAction: inputs', () => {
  const yml = NODE24(`inputs:
  coverage:
    description: globs
    required: true
  fail-under:
    description: percent
    default: 80
  github token:
    description: a name with a space
    default: \${{ github.token }}
  no-default:
    description: declared without a default
`);
  const script = `${PRELUDE}
    for (const [name, value] of Object.entries(process.env)) if (name.startsWith('INPUT_')) setOutput(name, value);
  `;

  it('passes INPUT_<NAME> for given inputs and applies defaults, expanding github.token', async () => {
    const action = await writeFakeAction(yml, { 'index.js': script });
    const result = await runAction({
      actionDir: action,
      inputs: { coverage: 'coverage/lcov.info\n**/cobertura.xml' },
      token: 'ghs_example',
    });
    expect(result.outputs).toEqual({
      INPUT_COVERAGE: 'coverage/lcov.info\n**/cobertura.xml',
      'INPUT_FAIL-UNDER': '80',
      INPUT_GITHUB_TOKEN: 'ghs_example',
      'INPUT_NO-DEFAULT': '',
    });
  });

  it('lets a given input (even empty) win over its default', async () => {
    const action = await writeFakeAction(yml, { 'index.js': script });
    const result = await runAction({ actionDir: action, inputs: { 'fail-under': '', 'github token': 't' } });
    expect(result.outputs['INPUT_FAIL-UNDER']).toBe('');
    expect(result.outputs.INPUT_GITHUB_TOKEN).toBe('t');
  });

  it('warns about an input the action does not declare, and still passes it', async () => {
    const action = await writeFakeAction(yml, { 'index.js': script });
    const result = await runAction({ actionDir: action, inputs: { covrage: 'x' }, token: 't' });
    expect(result.outputs.INPUT_COVRAGE).toBe('x');
    expect(result.annotations[0]).toEqual({
      level: 'warning',
      message:
        "Unexpected input(s) 'covrage', valid inputs are ['coverage', 'fail-under', 'github token', 'no-default']",
    });
  });

  it('refuses a github.token default when no token is given, and unknown expressions', async () => {
    const action = await writeFakeAction(yml, { 'index.js': script });
    await expect(runAction({ actionDir: action })).rejects.toThrow(/github\.token.*not given/);
    const odd = await writeFakeAction(NODE24('inputs:\n  x:\n    default: $' + '{{ secrets.PAT }}\n'), {
      'index.js': '',
    });
    await expect(runAction({ actionDir: odd })).rejects.toThrow(/unsupported expression.*secrets\.PAT/);
  });
});

describe('runAction: runtime and post', () => {
  it('runs only node24 actions', async () => {
    for (const using of ['node20', 'node16', 'composite', 'docker']) {
      const action = await writeFakeAction(`name: old\nruns:\n  using: ${using}\n  main: dist/index.js\n`, {
        'index.js': '',
      });
      await expect(runAction({ actionDir: action })).rejects.toThrow(`runs.using is '${using}'`);
    }
  });

  const withPost = (postIf?: string) => NODE24(`  post: dist/post.js\n${postIf ? `  post-if: ${postIf}\n` : ''}`);
  const main = (exitCode: number) => `${PRELUDE}
    appendFileSync(process.env.GITHUB_STATE, 'simple=1\\n');
    saveState('multi', 'a\\nb');
    exportVariable('FROM_MAIN', 'yes');
    appendFileSync(process.env.GITHUB_PATH, '/opt/from-main\\n');
    command('add-mask', {}, 'main-secret');
    process.exitCode = ${exitCode};
  `;
  const post = `${PRELUDE}
    setOutput('simple', process.env.STATE_simple);
    setOutput('multi', process.env.STATE_multi);
    setOutput('env', process.env.FROM_MAIN);
    setOutput('path', process.env.PATH.split(':')[0]);
    setOutput('input', process.env.INPUT_NAME);
    console.log('post sees main-secret');
  `;

  it('gives post the state main saved (as STATE_*), the env and PATH main exported, and the same inputs', async () => {
    const action = await writeFakeAction(withPost(), { 'index.js': main(0), 'post.js': post });
    const result = await runAction({ actionDir: action, inputs: { name: 'n' } });
    expect(result.state).toEqual({ simple: '1', multi: 'a\nb' });
    expect(result.post?.outputs).toEqual({
      simple: '1',
      multi: 'a\nb',
      env: 'yes',
      path: '/opt/from-main',
      input: 'n',
    });
    // Masks are job-wide: a secret main registered is masked in post's log.
    expect(result.post?.log).toBe('post sees ***');
  });

  it('runs post after a failed main by default (post-if: always())', async () => {
    const action = await writeFakeAction(withPost(), { 'index.js': main(1), 'post.js': post });
    const result = await runAction({ actionDir: action });
    expect(result.conclusion).toBe('failure');
    expect(result.post?.outputs.simple).toBe('1');
  });

  it('honours post-if success() and failure()', async () => {
    const onSuccess = await writeFakeAction(withPost('success()'), { 'index.js': main(1), 'post.js': post });
    expect((await runAction({ actionDir: onSuccess })).post).toBeUndefined();
    const onSuccessOk = await writeFakeAction(withPost(`\${{ success() }}`), { 'index.js': main(0), 'post.js': post });
    expect((await runAction({ actionDir: onSuccessOk })).post?.conclusion).toBe('success');
    const onFailure = await writeFakeAction(withPost('failure()'), { 'index.js': main(1), 'post.js': post });
    expect((await runAction({ actionDir: onFailure })).post?.outputs.simple).toBe('1');
  });

  it('runs pre before main and passes its state on', async () => {
    const action = await writeFakeAction(NODE24('  pre: dist/pre.js\n'), {
      'pre.js': `${PRELUDE} saveState('started', 'at-pre');`,
      'index.js': `${PRELUDE} setOutput('started', process.env.STATE_started);`,
    });
    const result = await runAction({ actionDir: action });
    expect(result.pre?.state).toEqual({ started: 'at-pre' });
    expect(result.outputs.started).toBe('at-pre');
  });

  it('cancels the job mid-main: main killed by the signal, its state kept, post run with the job cancelled', async () => {
    // main saves its state, then hangs (a rollout in the middle of a step) until the runner kills it.
    const hanging = `${PRELUDE} saveState('moving', 'true'); console.log('working'); setInterval(() => {}, 1000);`;
    const sawState = `${PRELUDE} setOutput('moving', process.env.STATE_moving);`;
    const always = await writeFakeAction(withPost('always()'), { 'index.js': hanging, 'post.js': sawState });
    const result = await runAction({ actionDir: always, cancelMain: { afterMs: 3000, signal: 'SIGTERM' } });
    expect(result.conclusion).toBe('failure');
    expect(result.log).toBe('working');
    expect(result.state).toEqual({ moving: 'true' });
    expect(result.post?.outputs.moving).toBe('true');

    const onCancel = await writeFakeAction(withPost('cancelled()'), { 'index.js': hanging, 'post.js': post });
    expect(
      (await runAction({ actionDir: onCancel, cancelMain: { afterMs: 300, signal: 'SIGKILL' } })).post,
    ).toBeDefined();
    const onSuccess = await writeFakeAction(withPost('success()'), { 'index.js': hanging, 'post.js': post });
    expect(
      (await runAction({ actionDir: onSuccess, cancelMain: { afterMs: 300, signal: 'SIGKILL' } })).post,
    ).toBeUndefined();
  });
});
