/**
 * Hostile S3 keys: the E1–E12 corpus of the security reference (section 7),
 * with what `mapKey` must make of each.
 *
 * Shared by the unit tests of `local-path.ts` and `collisions.ts` and by
 * integration tests that seed a bucket with these keys and download it.
 * `relative` is the expected local relative path ('/'-separated) for keys
 * that map; `expect` says whether the key maps unchanged (`plain`), maps
 * encoded (`encoded`), is refused (`refused`) or is a folder marker that is
 * skipped (`folder`). The expectations hold on every OS, under the default
 * Linux path-length limit; `refusedOn` names the platforms whose limit
 * refuses a row under any root. `seedable: false` marks keys no real
 * bucket can hold (a lone UTF-16 surrogate is not UTF-8); seed the others.
 */

/** One key of the corpus and what mapping it must give. */
export interface HostileKey {
  /** The checklist row (E1…E12) or `ok` for plain controls. */
  id: string;
  key: string;
  expect: 'plain' | 'encoded' | 'refused' | 'folder';
  /** The local relative path, '/'-separated, when the key maps. */
  relative?: string;
  /** False when no bucket can hold the key (it is not valid UTF-8). */
  seedable?: boolean;
  /** Platforms whose total path limit refuses it under any root (macOS: 1,023 bytes; Windows: 259 characters). */
  refusedOn?: NodeJS.Platform[];
}

/** 'x' repeated to `n` UTF-8 bytes. */
const bytes = (n: number, c = 'x'): string => c.repeat(n);

/** A 1,024-byte key (the S3 maximum) made of four 250-byte segments and a 20-byte name. */
export const KEY_1024 = `${bytes(250, 'a')}/${bytes(250, 'b')}/${bytes(250, 'c')}/${bytes(250, 'd')}/${bytes(16, 'e')}.bin`;

export const HOSTILE_KEYS: readonly HostileKey[] = [
  // Plain controls: nothing to do.
  { id: 'ok', key: 'photos/2024/cat.jpg', expect: 'plain', relative: 'photos/2024/cat.jpg' },
  { id: 'ok', key: '.hidden', expect: 'plain', relative: '.hidden' },
  { id: 'ok', key: '..foo/bar..baz', expect: 'plain', relative: '..foo/bar..baz' },
  { id: 'ok', key: 'a b/ c', expect: 'plain', relative: 'a b/ c' },
  { id: 'ok', key: 'CONSOLE/COM10/LPT/nul_', expect: 'plain', relative: 'CONSOLE/COM10/LPT/nul_' },
  { id: 'ok', key: '日本語/ファイル？.txt', expect: 'plain', relative: '日本語/ファイル？.txt' },
  { id: 'ok', key: 'a\uFFFDb', expect: 'plain', relative: 'a\uFFFDb' },
  // E1: parent and current directory references.
  { id: 'E1', key: '../../etc/passwd', expect: 'refused' },
  { id: 'E1', key: 'a/../../x', expect: 'refused' },
  { id: 'E1', key: '..', expect: 'refused' },
  { id: 'E1', key: 'prefix/..', expect: 'refused' },
  { id: 'E1', key: 'a/./b', expect: 'refused' },
  { id: 'E1', key: './a', expect: 'refused' },
  { id: 'E1', key: '.', expect: 'refused' },
  // E2: absolute, drive, UNC and device paths.
  { id: 'E2', key: '/etc/passwd', expect: 'refused' },
  { id: 'E2', key: 'C:\\Windows\\x', expect: 'refused' },
  { id: 'E2', key: 'C:x', expect: 'refused' },
  { id: 'E2', key: 'c:/x', expect: 'refused' },
  { id: 'E2', key: '\\\\server\\share\\x', expect: 'refused' },
  { id: 'E2', key: '\\\\?\\C:\\x', expect: 'refused' },
  { id: 'E2', key: '\\x', expect: 'refused' },
  // E3: backslashes are not separators anywhere: encoded, so `a\..\..\x` is one file name.
  { id: 'E3', key: 'a\\..\\..\\x', expect: 'encoded', relative: 'a＼..＼..＼x' },
  { id: 'E3', key: 'dir\\file', expect: 'encoded', relative: 'dir＼file' },
  // E4: a sibling of the root that starts with the root's name.
  { id: 'E4', key: '../dl-evil/x', expect: 'refused' },
  // E5: Windows reserved device names, with or without an extension, in any segment.
  { id: 'E5', key: 'CON', expect: 'encoded', relative: 'CON_' },
  { id: 'E5', key: 'con.txt', expect: 'encoded', relative: 'con_.txt' },
  { id: 'E5', key: 'AUX.tar.gz', expect: 'encoded', relative: 'AUX_.tar.gz' },
  { id: 'E5', key: 'COM1', expect: 'encoded', relative: 'COM1_' },
  { id: 'E5', key: 'LPT9.log', expect: 'encoded', relative: 'LPT9_.log' },
  { id: 'E5', key: 'NUL', expect: 'encoded', relative: 'NUL_' },
  { id: 'E5', key: 'CONIN$', expect: 'encoded', relative: 'CONIN$_' },
  { id: 'E5', key: 'conout$.txt', expect: 'encoded', relative: 'conout$_.txt' },
  { id: 'E5', key: 'dir/prn/x', expect: 'encoded', relative: 'dir/prn_/x' },
  { id: 'E5', key: 'COM¹', expect: 'encoded', relative: 'COM¹_' },
  { id: 'E5', key: 'nul .txt', expect: 'encoded', relative: 'nul_ .txt' },
  // E6: trailing dots and spaces (Win32 strips them, so `name.` would become `name`).
  { id: 'E6', key: 'name.', expect: 'encoded', relative: 'name．' },
  { id: 'E6', key: 'name ', expect: 'encoded', relative: 'name␠' },
  { id: 'E6', key: 'name. . .', expect: 'encoded', relative: 'name. . ．' },
  { id: 'E6', key: 'dir./x', expect: 'encoded', relative: 'dir．/x' },
  { id: 'E6', key: '...', expect: 'encoded', relative: '..．' },
  { id: 'E6', key: 'CON.', expect: 'encoded', relative: 'CON_．' },
  // E7: characters Windows forbids, control characters, DEL, and not-UTF-8.
  // `a:b` starts like a drive-relative path (drive A:), so it is refused with E2; further in, a colon is only encoded.
  { id: 'E7', key: 'a:b', expect: 'refused' },
  { id: 'E7', key: 'file.txt:stream', expect: 'encoded', relative: 'file.txt：stream' },
  { id: 'E7', key: 'dir/a:b', expect: 'encoded', relative: 'dir/a：b' },
  { id: 'E7', key: 'a<b>c', expect: 'encoded', relative: 'a＜b＞c' },
  { id: 'E7', key: 'a"b', expect: 'encoded', relative: 'a＂b' },
  { id: 'E7', key: 'a|b', expect: 'encoded', relative: 'a｜b' },
  { id: 'E7', key: 'a?b', expect: 'encoded', relative: 'a？b' },
  { id: 'E7', key: 'a*b', expect: 'encoded', relative: 'a＊b' },
  { id: 'E7', key: 'a\u0000b', expect: 'encoded', relative: 'a␀b' },
  { id: 'E7', key: 'a\u0001b', expect: 'encoded', relative: 'a␁b' },
  { id: 'E7', key: 'tab\there\nnewline', expect: 'encoded', relative: 'tab␉here␊newline' },
  { id: 'E7', key: 'a\u007fb', expect: 'encoded', relative: 'a␡b' },
  { id: 'E7', key: 'a\uD800b', expect: 'refused', seedable: false },
  { id: 'E7', key: 'a\uDC00', expect: 'refused', seedable: false },
  // E8: lengths. Segments count in UTF-8 bytes after encoding (a look-alike is 3 bytes).
  { id: 'E8', key: KEY_1024, expect: 'plain', relative: KEY_1024, refusedOn: ['win32', 'darwin'] },
  { id: 'E8', key: bytes(1024), expect: 'refused' },
  { id: 'E8', key: `dir/${bytes(300)}`, expect: 'refused' },
  { id: 'E8', key: bytes(255), expect: 'plain', relative: bytes(255) },
  { id: 'E8', key: `${bytes(254)}.`, expect: 'refused' },
  { id: 'E8', key: 'é'.repeat(127), expect: 'plain', relative: 'é'.repeat(127) },
  { id: 'E8', key: 'é'.repeat(128), expect: 'refused' },
  // E10: folder markers are skipped, the empty key is refused.
  { id: 'E10', key: 'x/', expect: 'folder' },
  { id: 'E10', key: 'a/b/', expect: 'folder' },
  { id: 'E10', key: '/', expect: 'folder' },
  { id: 'E10', key: '', expect: 'refused' },
  // E11: an empty segment is refused (and reported), never folded onto `p/x`.
  { id: 'E11', key: 'p//x', expect: 'refused' },
  { id: 'E11', key: 'p/x', expect: 'plain', relative: 'p/x' },
];

/** Sets of keys that map to distinct names which one file system may hold as one file or a file and a folder. */
export const COLLIDING_KEYS: readonly { id: string; keys: readonly string[]; kind: 'case' | 'unicode' | 'file-folder' | 'same' }[] = [
  { id: 'E9', keys: ['a.txt', 'A.txt'], kind: 'case' },
  { id: 'E9', keys: ['caf\u00e9.txt', 'cafe\u0301.txt'], kind: 'unicode' },
  { id: 'E9', keys: ['DIR/x', 'dir/x'], kind: 'case' },
  { id: 'E10', keys: ['a', 'a/b'], kind: 'file-folder' },
  { id: 'E10', keys: ['a/b/c', 'A/B'], kind: 'file-folder' },
  // The look-alike encoding is not injective: a key that already holds the look-alike meets the encoded one.
  { id: 'E7', keys: ['a?b', 'a？b'], kind: 'same' },
  { id: 'E5', keys: ['CON', 'CON_'], kind: 'same' },
];
