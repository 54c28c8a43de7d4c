#!/usr/bin/env node
import { Command } from 'commander';
import { readCommand, templateCommand, validateCommand, type Io } from './commands';
import { consolidateCommand } from './consolidateCommand';
import { CliFailure, EXIT } from './output';
import { reportCommand } from './reportCommand';

const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (e) {
    io.err(e instanceof CliFailure ? e.message : `Lỗi không mong đợi: ${(e as Error).message}`);
    process.exitCode = e instanceof CliFailure ? e.code : EXIT.unreadable;
  }
}

const program = new Command();
program
  .name('cchc')
  .description('Báo cáo cải cách hành chính: tạo mẫu, đọc, kiểm tra, tổng hợp và xuất báo cáo — không cần Excel.')
  .helpOption('-h, --help', 'hiển thị hướng dẫn')
  .helpCommand('help [command]', 'hướng dẫn của một lệnh')
  .option('--catalog <id>', 'phiên bản danh mục chỉ tiêu', undefined)
  .option('--catalog-dir <dir>', 'thư mục chứa phu-luc-i.tsv và bieu-mau.tsv của tỉnh');

const globals = () => program.opts<{ catalog?: string; catalogDir?: string }>();

program
  .command('template')
  .description('tạo tệp Excel mới chứa thông tin báo cáo, Phụ lục I, Biểu mẫu 1–7 và trang nội dung')
  .option('-o, --output <file>', 'tệp .xlsx đầu ra')
  .option('--level <level>', 'cấp: tinh, so, huyen, xa')
  .option('--period <kind>', 'kỳ: Q1, H1, Q3, M9, Y; M8, M10 (8, 10 tháng đầu năm); T3 (tháng 3); C (kỳ khác)')
  .option('--year <year>', 'năm báo cáo')
  .option('--from <date>', 'số liệu từ ngày (dd/mm/yyyy)')
  .option('--to <date>', 'số liệu đến ngày (dd/mm/yyyy)')
  .action((opts) => run(() => templateCommand({ ...globals(), ...opts }, io)));

program
  .command('read <file>')
  .description('đọc số liệu từ tệp .xlsx (mẫu của add-in hoặc bảng tự lập)')
  .option('--json', 'in kết quả dạng JSON')
  .action((file, opts) => run(() => readCommand(file, { ...globals(), ...opts }, io)));

program
  .command('validate <file>')
  .description('kiểm tra số liệu; mã thoát 1 khi có lỗi, 2 khi không đọc được tệp')
  .option('--json', 'in kết quả dạng JSON')
  .option('--previous <file>', 'báo cáo kỳ trước (cùng năm hoặc cùng kỳ năm trước): kiểm tra số lũy kế, so sánh')
  .action((file, opts) => run(() => validateCommand(file, { ...globals(), ...opts }, io)));

program
  .command('consolidate <files...>')
  .description('tổng hợp biểu mẫu của nhiều đơn vị vào một tệp; tệp bị từ chối không dừng các tệp khác')
  .option('-o, --output <file>', 'tệp .xlsx tổng hợp', 'tong-hop-cchc.xlsx')
  .option('--units <file>', 'danh sách đơn vị phải nộp, mỗi dòng một đơn vị')
  .option('--into <file>', 'sổ của đơn vị tổng hợp (đã có biểu mẫu): ghi số tổng hợp vào biểu của sổ này')
  .option('--json', 'in kết quả dạng JSON')
  .action((files, opts) => run(() => consolidateCommand(files, { ...globals(), ...opts }, io)));

program
  .command('report <file>')
  .description('xuất báo cáo Word (.docx) theo đề cương và thể thức Nghị định 30/2020')
  .option('-o, --output <file>', 'tệp .docx đầu ra')
  .option('--strict', 'không xuất khi còn lỗi số liệu')
  .option('--previous <file>', 'báo cáo kỳ trước: số liệu so với cùng kỳ, cảnh báo số lũy kế')
  .action((file, opts) => run(() => reportCommand(file, { ...globals(), ...opts }, io)));

program.parseAsync(process.argv).catch((e) => {
  io.err(`Lỗi không mong đợi: ${(e as Error).message}`);
  process.exitCode = EXIT.unreadable;
});
