#include "services/portal/messages.h"

#include <algorithm>

namespace lintas::portal {
namespace {

struct Entry {
  std::string_view key;
  std::string_view id;
  std::string_view en;
};

// Field messages ("field.<name>") explain what the box needs, whatever was wrong with it: the
// English page adds the API's precise description.
constexpr Entry kEntries[] = {
    {"title.report", "Laporkan calo atau pekerja migran yang hilang",
     "Report a broker or a missing migrant worker"},
    {"title.sent", "Laporan diterima", "Report received"},
    {"title.check", "Cek laporan", "Check a report"},
    {"description",
     "Saluran resmi untuk melaporkan perekrutan ilegal dan masalah pekerja migran NTT.",
     "An official channel to report illegal recruitment and NTT migrant workers in trouble."},
    {"nav.report", "Lapor", "Report"},
    {"nav.check", "Cek laporan", "Check a report"},
    {"footer",
     "Laporan Anda diteruskan ke BP3MI NTT dan lembaga yang berwenang. Alamat IP Anda tidak "
     "disimpan.",
     "Your report goes to BP3MI NTT and the agencies responsible. Your IP address is not stored."},
    {"report.heading", "Laporkan", "Report"},
    {"report.intro",
     "Ceritakan apa yang Anda ketahui. Hanya kategori, wilayah dan cerita yang wajib; yang lain "
     "boleh dikosongkan.",
     "Tell us what you know. Only what happened, where and the story are required; leave the rest "
     "empty if you do not know."},
    {"honeypot", "Jangan isi kotak ini", "Leave this box empty"},
    {"what", "Apa yang terjadi?", "What happened?"},
    {"cat.calo", "Seseorang direkrut oleh calo", "Someone was recruited by a broker (calo)"},
    {"cat.tanpa_dokumen", "Seseorang berangkat tanpa dokumen resmi",
     "Someone left without official papers"},
    {"cat.masalah_di_luar_negeri", "Seseorang terlantar, disiksa atau tidak digaji di luar negeri",
     "Someone is stranded, abused or unpaid abroad"},
    {"cat.meninggal", "Seseorang meninggal di luar negeri", "Someone died abroad"},
    {"cat.dokumen_palsu", "Dokumen dipalsukan", "Documents were faked"},
    {"cat.lainnya", "Lainnya", "Something else"},
    {"where", "Di mana?", "Where?"},
    {"where.hint",
     "Desa asal pekerja, atau tempat kejadian. Pilih kabupaten/kota, tekan \"Pilih wilayah\", lalu "
     "kecamatan dan desa.",
     "The worker's home village, or where it happened. Choose the regency or city, press \"Choose "
     "area\", then the district and village."},
    {"where.hint.js",
     "Desa asal pekerja, atau tempat kejadian. Cari namanya, atau pilih kabupaten/kota, lalu "
     "kecamatan dan desa.",
     "The worker's home village, or where it happened. Search its name, or choose the regency or "
     "city, then the district and village."},
    {"regency", "Kabupaten/kota", "Regency or city"},
    {"district", "Kecamatan (jika tahu)", "District (if you know)"},
    {"village", "Desa/kelurahan (jika tahu)", "Village (if you know)"},
    {"choose", "— pilih —", "— choose —"},
    {"choose.region_first", "— pilih yang di atas dulu —", "— choose the one above first —"},
    {"region.step", "Pilih wilayah", "Choose area"},
    {"search", "Cari nama desa, kecamatan atau kabupaten", "Search a village, district or regency"},
    {"search.none", "Tidak ditemukan. Coba ejaan lain, atau pilih dari daftar di bawah.",
     "Nothing found. Try another spelling, or choose from the lists below."},
    {"search.more", "Ketik lebih banyak huruf untuk melihat yang lain.",
     "Type more letters to see the others."},
    {"search.error", "Daftar wilayah tidak bisa dimuat. Pilih dari daftar di bawah.",
     "The region list could not be loaded. Choose from the lists below."},
    {"regions.notice",
     "Berisi informasi dari idn-area-data (github.com/fityannugroho/idn-area-data), yang tersedia "
     "di sini di bawah Open Database License (ODbL 1.0, opendatacommons.org/licenses/odbl/1-0/).",
     "Contains information from idn-area-data (github.com/fityannugroho/idn-area-data), made "
     "available here under the Open Database License (ODbL 1.0, "
     "opendatacommons.org/licenses/odbl/1-0/)."},
    {"regions.download", "Unduh data wilayah (JSON)", "Download the region data (JSON)"},
    {"when.legend", "Kapan?", "When?"},
    {"when", "Kapan kejadiannya? Perkiraan boleh, misalnya \"Maret 2026\".",
     "When did it happen? Roughly is fine, e.g. \"March 2026\"."},
    {"story", "Ceritanya", "The story"},
    {"story.label", "Apa yang terjadi, dengan kata-kata Anda sendiri",
     "What happened, in your own words"},
    {"worker", "Pekerja migran", "The migrant worker"},
    {"optional", "Boleh dikosongkan.", "Optional."},
    {"name", "Nama", "Name"},
    {"sex", "Jenis kelamin", "Sex"},
    {"sex.p", "Perempuan", "Female"},
    {"sex.l", "Laki-laki", "Male"},
    {"unknown", "Tidak tahu", "Don't know"},
    {"country", "Negara tujuan", "Destination country"},
    {"phone", "Nomor HP", "Phone number"},
    {"broker", "Calo atau perekrut", "Broker or recruiter"},
    {"broker.n", "Calo", "Broker"},
    {"promise", "Apa yang dijanjikan?", "What did they promise?"},
    {"reporter", "Tentang Anda", "About you"},
    {"mode.rahasia", "Rahasia (disarankan)", "Confidential (recommended)"},
    {"mode.rahasia.hint",
     "Nama dan nomor HP Anda hanya dilihat oleh BP3MI, tidak oleh polisi, calo atau lembaga lain.",
     "Only BP3MI sees your name and phone number; not the police, the broker or other agencies."},
    {"mode.anonim", "Tanpa nama", "Anonymous"},
    {"mode.anonim.hint",
     "Kami tidak menyimpan nama atau nomor Anda; BP3MI tidak bisa menghubungi Anda, hanya lewat "
     "kode laporan.",
     "We keep no name or number; BP3MI cannot contact you except through the tracking code."},
    {"mode.nama", "Dengan nama", "Named"},
    {"mode.nama.hint", "Nama Anda boleh dilihat oleh lembaga yang menangani laporan ini.",
     "The agencies handling this report may see your name."},
    {"reporter.name", "Nama Anda (tidak perlu jika tanpa nama)",
     "Your name (not needed if anonymous)"},
    {"reporter.phone", "Nomor HP Anda (tidak perlu jika tanpa nama)",
     "Your phone number (not needed if anonymous)"},
    {"relation", "Hubungan Anda dengan pekerja (boleh dikosongkan)",
     "How you know the worker (optional)"},
    {"submit", "Kirim laporan", "Send the report"},
    {"form.fix", "Laporan belum terkirim. Perbaiki kotak yang ditandai di bawah.",
     "The report was not sent. Please fix the boxes marked below."},
    {"form.expired", "Formulir ini sudah terlalu lama terbuka. Periksa isinya dan kirim lagi.",
     "This form was open too long. Check it and send it again."},
    {"form.invalid", "Formulir ini tidak dikenal. Periksa isinya dan kirim lagi.",
     "This form was not recognised. Check it and send it again."},
    {"form.unavailable",
     "Laporan belum terkirim karena gangguan di server. Coba lagi sebentar lagi; isinya tidak "
     "hilang.",
     "The report was not sent because of a server problem. Try again in a moment; nothing you "
     "typed is lost."},
    {"field.kategori", "Pilih apa yang terjadi.", "Choose what happened."},
    {"field.kabupaten", "Pilih kabupaten/kota tempat kejadian atau asal pekerja.",
     "Choose the regency or city."},
    {"field.cerita",
     "Ceritakan apa yang terjadi dalam beberapa kalimat (paling banyak 8000 huruf).",
     "Tell what happened in a few sentences (at most 8000 characters)."},
    {"field.pekerja_nama", "Untuk laporan ini nama pekerja diperlukan; tulis nama yang Anda tahu.",
     "This kind of report needs the worker's name; write the name you know."},
    {"field.pekerja_jk", "Pilih salah satu.", "Choose one."},
    {"field.pekerja_negara", "Untuk laporan ini negara tujuan diperlukan.",
     "This kind of report needs the destination country."},
    {"field.pekerja_hp",
     "Nomor HP tidak bisa dipakai. Tulis nomor HP Indonesia, misalnya 0812 3456 7890.",
     "This phone number cannot be used. Write an Indonesian mobile number, e.g. 0812 3456 7890."},
    {"field.calo1_nama",
     "Untuk laporan tentang calo, tulis paling sedikit nama atau nomor HP calo.",
     "A report about a broker needs at least the broker's name or phone number."},
    {"field.calo2_nama", "Tulis nama atau nomor HP calo ini, atau kosongkan semua kotaknya.",
     "Write this broker's name or phone number, or leave all of its boxes empty."},
    {"field.calo1_hp",
     "Nomor HP tidak bisa dipakai. Tulis nomor HP Indonesia, misalnya 0812 3456 7890.",
     "This phone number cannot be used. Write an Indonesian mobile number, e.g. 0812 3456 7890."},
    {"field.calo2_hp",
     "Nomor HP tidak bisa dipakai. Tulis nomor HP Indonesia, misalnya 0812 3456 7890.",
     "This phone number cannot be used. Write an Indonesian mobile number, e.g. 0812 3456 7890."},
    {"field.pelapor", "Pilih salah satu.", "Choose one."},
    {"field.pelapor_nama", "Tulis nama Anda, atau pilih \"Tanpa nama\".",
     "Write your name, or choose \"Anonymous\"."},
    {"field.pelapor_hp",
     "Tulis nomor HP Anda (misalnya 0812 3456 7890), atau pilih \"Tanpa nama\".",
     "Write your phone number (e.g. 0812 3456 7890), or choose \"Anonymous\"."},
    {"field.pelapor_hubungan", "Paling banyak 64 huruf.", "At most 64 characters."},
    {"field.umum", "Ada yang belum benar di laporan ini.",
     "Something in this report is not right."},
    {"field.token", "Formulir ini tidak dikenal. Kirim lagi.",
     "This form was not recognised. Send it again."},
    {"sent.intro", "Terima kasih. Laporan Anda sudah diterima dan akan ditangani.",
     "Thank you. Your report was received and will be handled."},
    {"sent.write_down",
     "Tulis kode ini sekarang dan simpan baik-baik. Kode ini hanya ditampilkan sekali dan tidak "
     "bisa dicari kembali.",
     "Write this code down now and keep it safe. It is shown only once and cannot be looked up "
     "again."},
    {"sent.next",
     "Dengan kode ini Anda bisa melihat perkembangan laporan di halaman Cek laporan. Jangan "
     "berikan kode ini kepada calo.",
     "With this code you can follow the report on the Check page. Never give this code to a "
     "broker."},
    {"sent.check", "Cek laporan dengan kode", "Check a report with its code"},
    {"check.heading", "Cek laporan", "Check a report"},
    {"check.code", "Kode laporan", "Tracking code"},
    {"check.submit", "Cek", "Check"},
    {"check.malformed",
     "Kode ini tidak lengkap. Kode terdiri dari 18 huruf dan angka, misalnya ABC123-DEF456-GHJ789.",
     "This code is incomplete. A code has 18 letters and digits, e.g. ABC123-DEF456-GHJ789."},
    {"check.mistyped",
     "Ada huruf yang salah ketik di kode ini. Periksa lagi setiap huruf dan angka.",
     "A character of this code is mistyped. Check every letter and digit again."},
    {"check.unknown", "Tidak ada laporan dengan kode ini.", "There is no report with this code."},
    {"check.limited", "Terlalu banyak percobaan. Tunggu beberapa menit, lalu coba lagi.",
     "Too many tries. Wait a few minutes, then try again."},
    {"check.status", "Status laporan", "Report status"},
    {"status.received", "Diterima. Laporan Anda sedang diperiksa oleh BP3MI.",
     "Received. BP3MI is looking at your report."},
    {"status.handled", "Sedang ditangani oleh", "Being handled by"},
    {"status.resolved", "Selesai ditangani.", "Finished."},
    {"status.closed", "Ditutup.", "Closed."},
    {"status.rejected",
     "Ditutup: laporan ini tidak dapat ditindaklanjuti oleh lembaga perlindungan pekerja migran.",
     "Closed: this report is not something the migrant-worker protection agencies can act on."},
    {"status.duplicate", "Ditutup: digabung dengan laporan lain tentang kejadian yang sama.",
     "Closed: merged with another report about the same events."},
    {"who.police", "polisi", "the police"},
    {"who.bp3mi", "BP3MI", "BP3MI"},
    {"who.shelter", "rumah aman atau pendamping korban", "a shelter or victim support"},
    {"who.government", "pemerintah daerah", "the local government"},
    {"who.other", "lembaga terkait", "an agency"},
    {"conv.heading", "Percakapan dengan BP3MI", "Conversation with BP3MI"},
    {"conv.intro",
     "Di sini Anda bisa menambah keterangan dan menjawab pertanyaan petugas. Nama Anda tidak "
     "ditampilkan; jika Anda memilih tanpa nama, tetap tanpa nama.",
     "Here you can add information and answer the officers' questions. Your name is not shown; "
     "if you chose to stay anonymous, you stay anonymous."},
    {"conv.none", "Belum ada pesan.", "No messages yet."},
    {"conv.older", "Pesan lama yang tidak ditampilkan di sini:", "Older messages not shown here:"},
    {"conv.you", "Anda", "You"},
    {"conv.officer", "Petugas BP3MI", "BP3MI officer"},
    {"conv.label", "Tulis pesan", "Write a message"},
    {"conv.hint",
     "Paling banyak 2000 huruf. Jangan tulis kode laporan di sini. Periksa halaman ini lagi "
     "nanti untuk membaca jawaban.",
     "At most 2000 characters. Do not write the tracking code here. Check this page again later "
     "to read the answer."},
    {"conv.submit", "Kirim pesan", "Send message"},
    {"conv.sent", "Pesan terkirim.", "Message sent."},
    {"pesan.empty", "Tulis pesan Anda dulu.", "Write your message first."},
    {"pesan.long", "Pesan terlalu panjang: paling banyak 2000 huruf.",
     "The message is too long: at most 2000 characters."},
    {"pesan.invalid", "Pesan ini berisi karakter yang tidak dapat dibaca. Tulis ulang pesannya.",
     "This message holds characters that cannot be read. Write it again."},
    {"pesan.limit", "Sudah 10 pesan dalam 24 jam terakhir untuk laporan ini. Coba lagi besok.",
     "This report already has 10 messages from you in the last 24 hours. Try again tomorrow."},
    {"pesan.expired", "Halaman ini sudah terlalu lama terbuka. Pesan belum terkirim; kirim lagi.",
     "This page was open too long. The message was not sent; send it again."},
    {"busy", "Server sedang sibuk. Coba lagi sebentar lagi.",
     "The server is busy. Try again in a moment."},
};

}  // namespace

std::string_view Msg(Lang lang, std::string_view key) {
  const auto it = std::find_if(std::begin(kEntries), std::end(kEntries),
                               [&](const Entry& e) { return e.key == key; });
  if (it == std::end(kEntries)) return key;
  return lang == Lang::kEn ? it->en : it->id;
}

}  // namespace lintas::portal
