// Writes N report bodies for POST /lapor, one urlencoded form per line, each with its own valid
// form token (so each makes a new case): the benchmark's end-to-end load. The key file is the one
// the benchmark's lintasd uses (tests/browser/serve.mjs prints it).
//
//   node bench/portal/mint_reports.mjs KEY_FILE N > bodies.txt
import { mintToken } from '../../tests/browser/lintas_stack.mjs';

const [keyFile, count] = process.argv.slice(2);
if (!keyFile || !(Number(count) > 0)) {
  console.error('usage: mint_reports.mjs KEY_FILE N');
  process.exit(2);
}
const lines = [];
for (let i = 0; i < Number(count); i++) {
  const fields = {
    token: mintToken(keyFile),
    kategori: 'calo',
    kabupaten: '53.71',
    kecamatan: '53.71.01',
    desa: '53.71.01.1001',
    kapan: 'Maret 2026',
    cerita: `Laporan uji beban nomor ${i}: seorang calo merekrut anak tetangga untuk kerja di Malaysia.`,
    calo1_nama: 'Pak Calo Ujicoba',
    calo1_hp: '081234567890',
    pelapor: 'anonim',
    situs: '',
  };
  lines.push(new URLSearchParams(fields).toString());
}
process.stdout.write(lines.join('\n') + '\n');
