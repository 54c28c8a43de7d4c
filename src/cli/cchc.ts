#!/usr/bin/env node
import { Command, CommanderError, Help, type Option } from 'commander';
import * as readline from 'readline';
import { version } from '../../package.json';
import { PERIOD_HELP, readCommand, templateCommand, validateCommand, type Io } from './commands';
import { consolidateCommand } from './consolidateCommand';
import { CliFailure, EXIT } from './output';

/** Vietnamese help: commander's layout with our headings and words (given as configuration, so every command inherits it). */
const vietnameseHelp: Partial<Help> = {
  sortSubcommands: false,
  showGlobalOptions: true,
  commandUsage(this: Help, cmd: Command): string {
    return Help.prototype.commandUsage
      .call(this, cmd)
      .replace('[options]', '[tùy chọn]')
      .replace('[command]', '[lệnh]');
  },
  subcommandTerm(this: Help, cmd: Command): string {
    return Help.prototype.subcommandTerm.call(this, cmd).replace('[options]', '[tùy chọn]');
  },
  optionDescription(option: Option): string {
    const extra = option.defaultValue !== undefined ? ` (mặc định: ${String(option.defaultValue)})` : '';
    return `${option.description}${extra}`;
  },
  formatHelp(cmd: Command, helper: Help): string {
    const termWidth = helper.padWidth(cmd, helper);
    const width = helper.helpWidth || 80;
    const item = (term: string, description: string) =>
      description ? helper.wrap(`${term.padEnd(termWidth + 2)}${description}`, width - 2, termWidth + 2) : term;
    const list = (lines: string[]) => lines.join('\n').replace(/^/gm, '  ');
    const out = [`Cách dùng: ${helper.commandUsage(cmd)}`, ''];
    const description = helper.commandDescription(cmd);
    if (description) out.push(helper.wrap(description, width, 0), '');
    const args = helper.visibleArguments(cmd).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a)));
    if (args.length) out.push('Đối số:', list(args), '');
    const opts = helper.visibleOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o)));
    if (opts.length) out.push('Tùy chọn:', list(opts), '');
    const globals = cmd.parent
      ? helper.visibleGlobalOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o)))
      : [];
    if (globals.length) out.push('Tùy chọn chung (đặt trước tên lệnh):', list(globals), '');
    const cmds = helper
      .visibleCommands(cmd)
      .map((c) => item(helper.subcommandTerm(c), helper.subcommandDescription(c)));
    if (cmds.length) out.push('Lệnh:', list(cmds), '');
    return out.join('\n');
  },
};

const EXIT_HELP = [
  'Mã thoát: 0 không có lỗi; 1 số liệu có lỗi; 2 dùng lệnh sai; 3 có tệp không đọc được hoặc bị từ chối.',
].join('\n');

/** The quoted name in commander's English message ("unknown option '--x'" → "--x"). */
function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? '';
}

function suggestion(message: string): string {
  const m = /\(Did you mean (?:one of )?([^?]+)\?\)/.exec(message);
  return m ? ` Có phải là ${m[1].replace(/, /g, ' hoặc ')}?` : '';
}

/** Commander's usage errors in Vietnamese. */
function usageMessage(err: CommanderError, command: string): string {
  const where = command ? ` của lệnh ${command}` : '';
  switch (err.code) {
    case 'commander.unknownOption':
      return `${command ? `Lệnh ${command} không có` : 'Không có'} tùy chọn "${quoted(err.message)}".${suggestion(err.message)}`;
    case 'commander.unknownCommand':
      return `Không có lệnh "${quoted(err.message)}".${suggestion(err.message)} Các lệnh: template, read, validate, consolidate, report.`;
    case 'commander.missingArgument':
      return `Thiếu tên tệp${where}.`;
    case 'commander.optionMissingArgument':
      return `Tùy chọn "${quoted(err.message)}" cần một giá trị.`;
    case 'commander.missingMandatoryOptionValue':
      return `Thiếu tùy chọn bắt buộc "${quoted(err.message)}"${where}.`;
    case 'commander.excessArguments':
      return `Thừa đối số${where}: lệnh này nhận một tệp.`;
    case 'commander.conflictingOption':
      return `Hai tùy chọn không dùng cùng nhau được${where}.`;
    default:
      return `Lệnh không hợp lệ${where}.`;
  }
}

/** Text from a workbook printed to a terminal: control characters (escape sequences) never reach it. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
export const printable = (text: string) => text.replace(CONTROL, '\uFFFD');

function terminalIo(): Io {
  const interactive = !!process.stdin.isTTY && !!process.stderr.isTTY;
  return {
    out: (t) => process.stdout.write(`${printable(t)}\n`),
    drain: () => new Promise<void>((resolve) => process.stdout.once('drain', () => resolve())),
    err: (t) => process.stderr.write(`${printable(t)}\n`),
    ask: interactive
      ? (question) =>
          new Promise<boolean>((resolve) => {
            const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
            rl.question(question, (answer) => {
              rl.close();
              resolve(/^\s*(c|có|co|y|yes)\s*$/i.test(answer));
            });
          })
      : undefined,
  };
}

/** `cchc` with its arguments (without "node cchc"): the exit code; everything it says goes through `io`. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  let command = '';
  const run = async (action: () => Promise<number>) => {
    code = await action();
  };

  const program = new Command();
  program
    .name('cchc')
    .usage('[tùy chọn chung] <lệnh> [tùy chọn]')
    .description(
      'Báo cáo cải cách hành chính: tạo mẫu, đọc, kiểm tra, tổng hợp và xuất báo cáo — không cần Excel.\n' + EXIT_HELP,
    )
    .exitOverride()
    .allowExcessArguments(false)
    .configureHelp(vietnameseHelp)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: () => undefined,
    })
    .version(version, '-V, --version', 'in số phiên bản của cchc')
    .helpOption('-h, --help', 'hiển thị hướng dẫn')
    .helpCommand('help [lệnh]', 'hướng dẫn của một lệnh')
    .option('--catalog <mã>', 'phiên bản danh mục chỉ tiêu (mặc định: 2024)')
    .option('--catalog-dir <thư mục>', 'thư mục chứa phu-luc-i.tsv và bieu-mau.tsv của tỉnh')
    .hook('preAction', (_program, action) => {
      command = action.name();
    });

  const globals = () => program.opts<{ catalog?: string; catalogDir?: string }>();

  program
    .command('template')
    .description('tạo tệp Excel mới chứa thông tin báo cáo, Phụ lục I, Biểu mẫu 1–7 và trang nội dung')
    .option('-o, --output <tệp>', 'tệp .xlsx đầu ra (mặc định: bao-cao-cchc-<danh mục>.xlsx)')
    .option('--level <cấp>', 'cấp: tinh (tỉnh), so (sở, ban, ngành), huyen (huyện; chỉ kỳ trước 01/7/2025), xa (xã)')
    .option('--period <kỳ>', `kỳ báo cáo: ${PERIOD_HELP}`)
    .option('--year <năm>', 'năm báo cáo, 4 chữ số (mặc định: năm nay)')
    .option('--from <ngày>', 'số liệu từ ngày (dd/mm/yyyy); bắt buộc với kỳ C')
    .option('--to <ngày>', 'số liệu đến ngày (dd/mm/yyyy); bắt buộc với kỳ C')
    .option('--force', 'ghi đè tệp đầu ra đã có mà không hỏi')
    .action((opts) => run(() => templateCommand({ ...globals(), ...opts }, io)));

  program
    .command('read <tệp>')
    .description('đọc số liệu từ tệp .xlsx (mẫu của add-in hoặc bảng tự lập)')
    .option('--json', 'in kết quả dạng JSON')
    .action((file, opts) => run(() => readCommand(file, { ...globals(), ...opts }, io)));

  program
    .command('validate <tệp>')
    .description('kiểm tra số liệu; mã thoát 1 khi có lỗi, 3 khi không đọc được tệp')
    .option('--json', 'in kết quả dạng JSON')
    .option(
      '--previous <tệp>',
      'báo cáo kỳ trước (cùng năm hoặc cùng kỳ năm trước): cảnh báo số lũy kế, số tồn tăng giảm bất thường',
    )
    .action((file, opts) => run(() => validateCommand(file, { ...globals(), ...opts }, io)));

  program
    .command('consolidate <tệp...>')
    .description(
      'tổng hợp biểu mẫu của nhiều đơn vị vào một tệp; tệp bị từ chối không dừng các tệp khác (mã thoát 3 khi có tệp bị từ chối)',
    )
    .option('-o, --output <tệp>', 'tệp .xlsx tổng hợp', 'tong-hop-cchc.xlsx')
    .option('--units <tệp>', 'danh sách đơn vị phải nộp, mỗi dòng một đơn vị')
    .option('--into <tệp>', 'sổ của đơn vị tổng hợp (đã có biểu mẫu): ghi số tổng hợp vào biểu của sổ này')
    .option('--json', 'in kết quả dạng JSON')
    .option('--force', 'ghi đè tệp đầu ra đã có mà không hỏi')
    .action((files, opts) => run(() => consolidateCommand(files, { ...globals(), ...opts }, io)));

  program
    .command('report <tệp>')
    .description('xuất báo cáo Word (.docx) theo đề cương và thể thức Nghị định 30/2020')
    .option('-o, --output <tệp>', 'tệp .docx đầu ra (mặc định: tên tệp .xlsx, đuôi .docx)')
    .option('--strict', 'không xuất khi còn lỗi số liệu')
    .option(
      '--details <tệp>',
      'thông tin báo cáo (đơn vị, số, ngày, người ký, …) trong tệp JSON, cho tệp không có trang tính Thông tin',
    )
    .option('--report-dir <thư mục>', 'thư mục lời văn của tỉnh (loi-van.tsv, de-cuong.tsv, bao-cao.tsv)')
    .option('--previous <tệp>', 'báo cáo kỳ trước: số liệu so với cùng kỳ, cảnh báo số lũy kế')
    .option('--force', 'ghi đè tệp đầu ra đã có mà không hỏi')
    .action((file, opts) =>
      // Loaded for this command only: the Word writer is a large part of every other command's start-up.
      run(async () => (await import('./reportCommand')).reportCommand(file, { ...globals(), ...opts }, io)),
    );

  try {
    await program.parseAsync([...args], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      // `cchc` alone prints the help (to stderr): a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const sub = program.commands.find((c) => args.includes(c.name()))?.name() ?? '';
      io.err(usageMessage(e, command || sub));
      io.err(`Xem hướng dẫn: cchc ${command || sub ? `${command || sub} ` : ''}--help`);
      return EXIT.usage;
    }
    if (e instanceof CliFailure) {
      io.err(e.message);
      return e.code;
    }
    io.err(
      `Lỗi không mong đợi trong cchc${e instanceof Error ? ` (${e.name})` : ''}; hãy báo cho người phụ trách kèm lệnh và tệp đã dùng.`,
    );
    if (process.env.CCHC_DEBUG) io.err(String(e instanceof Error ? e.stack : e));
    return EXIT.unreadable;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), terminalIo()).then((code) => {
    process.exitCode = code;
  });
}
