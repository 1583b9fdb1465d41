/**
 * Russian for the parsers' messages (issue #15, defect 7: "every error detail under ru is English").
 * The parsers keep one English message (the CLI prints it, tests and logs read it); the UI passes it
 * through `localizeInputError(message, 'ru')`, which translates the position (`line 3, column 14`,
 * `value 2`) and the message by the patterns below. File names, JSON paths, tag names and the
 * offending values stay as they are. A message no pattern knows keeps its English text after a
 * Russian lead-in, so it is never silently lost; `tests/unit/annotations-localize.test.ts` runs every
 * parser error the fuzz corpus produces and requires a full translation.
 */

type Rule = readonly [RegExp, string | ((...m: string[]) => string)];

/** `describe(v)` of the eval parser and similar value descriptions. */
function value(v: string): string {
  return v
    .replace(/^nothing$/, 'ничего')
    .replace(/^an array$/, 'массив')
    .replace(/^an object$/, 'объект')
    .replace(/^a string \((.*)\)$/s, 'строка $1')
    .replace(/^number (.*)$/, 'число $1')
    .replace(/^boolean (.*)$/, 'логическое значение $1')
    .replace(/^the end of the file$/, 'конец файла')
    .replace(/^an array of (\d+) numbers$/, 'массив из $1 чисел')
    .replace(/^an array of (\d+) values \(not all finite numbers\)$/, 'массив из $1 значений (не все — конечные числа)');
}

const WHAT: Readonly<Record<string, string>> = {
  objects: 'объектов', images: 'изображений', annotations: 'аннотаций', categories: 'категорий', numbers: 'чисел',
};
const what = (w: string): string => WHAT[w] ?? w;

const RULES: readonly Rule[] = [
  // JSON syntax
  [/^invalid JSON: (.*)$/s, (_, m) => `некорректный JSON: ${localizeWhat(m!)}`],
  [/^expected a property name in double quotes, found (.*)$/, (_, f) => `ожидалось имя свойства в двойных кавычках, найдено ${value(f!)}`],
  [/^expected ":" after the property name, found (.*)$/, (_, f) => `ожидалось «:» после имени свойства, найдено ${value(f!)}`],
  [/^expected "," or "(.)", found (.*)$/, (_, c, f) => `ожидалось «,» или «${c}», найдено ${value(f!)}`],
  [/^expected a value, found (.*)$/, (_, f) => `ожидалось значение, найдено ${value(f!)}`],
  [/^unexpected (.*) after the end of the JSON value$/, (_, f) => `лишнее ${value(f!)} после конца JSON`],
  [/^string is never closed$/, 'строка не закрыта кавычкой'],
  [/^control character \(e\.g\. a line break\) inside a string$/, 'управляющий символ (например, перевод строки) внутри строки'],
  [/^bad \\u escape in a string$/, 'неверная последовательность \\u в строке'],
  [/^bad escape in a string$/, 'неверная escape-последовательность в строке'],
  [/^unexpected (.*)$/, (_, f) => `неожиданный символ ${value(f!)}`],
  [/^Unexpected .*$/s, 'файл не является корректным JSON'],
  // COCO structure (src/core/eval/parse.ts)
  [/^expected an object, got (.*)$/, (_, v) => `ожидался объект, получено: ${value(v!)}`],
  [/^missing \(expected an array of (\w+)\)$/, (_, w) => `отсутствует (ожидался массив ${what(w!)})`],
  [/^expected an array of (\w+), got (.*)$/, (_, w, v) => `ожидался массив ${what(w!)}, получено: ${value(v!)}`],
  [/^missing \(expected a number\)$/, 'отсутствует (ожидалось число)'],
  [/^expected a number, got (.*)$/, (_, v) => `ожидалось число, получено: ${value(v!)}`],
  [/^expected 0, 1, true or false, got (.*)$/, (_, v) => `ожидалось 0, 1, true или false, получено: ${value(v!)}`],
  [/^expected 4 numbers \[x, y, width, height\], got (\[.*\]): a number too large to be finite \(e\.g\. 1e400\) or not a number$/,
    (_, v) => `ожидались 4 числа [x, y, ширина, высота], получено ${v}: число слишком велико (например, 1e400 — бесконечность) или не число`],
  [/^expected 4 numbers \[x, y, width, height\], got (.*)$/, (_, v) => `ожидались 4 числа [x, y, ширина, высота], получено: ${value(v!)}`],
  [/^missing \(expected 4 numbers \[x, y, width, height\]\)$/, 'отсутствует (ожидались 4 числа [x, y, ширина, высота])'],
  [/^missing \(expected a polygon list or an RLE\)$/, 'отсутствует (ожидался список полигонов или RLE)'],
  [/^expected at least one polygon, got an empty list$/, 'ожидался хотя бы один полигон, список пуст'],
  [/^expected a polygon \[x1, y1, x2, y2, \.\.\.\] of numbers, got (.*)$/, (_, v) => `ожидался полигон [x1, y1, x2, y2, ...] из чисел, получено: ${value(v!)}`],
  [/^expected an even number \(>= 4\) of coordinates, got (\d+)$/, (_, n) => `ожидалось чётное число координат (не меньше 4), получено ${n}`],
  [/^polygons of 4 numbers are read as boxes .*$/, 'полигоны из 4 чисел читаются как рамки [x, y, w, h] (как в pycocotools); не смешивайте их с более длинными полигонами'],
  [/^expected \[height, width\] \(2 non-negative integers\), got (.*)$/, (_, v) => `ожидалось [высота, ширина] (2 неотрицательных целых), получено: ${value(v!)}`],
  [/^compressed RLE contains characters outside 0x30\.\.0x6f$/, 'сжатый RLE содержит символы вне диапазона 0x30..0x6f'],
  [/^expected a compressed RLE string or an array of non-negative integers, got (.*)$/, (_, v) => `ожидалась строка сжатого RLE или массив неотрицательных целых, получено: ${value(v!)}`],
  [/^run lengths sum to (\d+), expected height\*width = (\d+)$/, (_, a, b) => `сумма длин серий ${a}, а должна быть высота×ширина = ${b}`],
  [/^expected a string, got (.*)$/, (_, v) => `ожидалась строка, получено: ${value(v!)}`],
  [/^(.*) is never closed \(missing "(.*)"\)$/, (_, w, c) => `${w} не закрыт (нет «${c}»)`],
  // batches (load.ts)
  [/^no annotation file was given$/, 'не выбран ни один файл аннотаций'],
  [/^is (.+), but (.+) is (.+): pick annotations of one format$/, (_, a, f, b) => `это ${a}, а ${f} — ${b}: выберите аннотации одного формата`],
  [/^a second COCO JSON file \((.+) is already one\): pick one$/, (_, f) => `второй файл COCO JSON (${f} уже выбран): выберите один`],
  [/^a second class list \((.+) is already one\): pick one$/, (_, f) => `второй список классов (${f} уже выбран): выберите один`],
  [/^too large: (\d+) MB of annotations, the limit is (\d+) MB$/, (_, a, b) => `слишком большой: ${a} МБ аннотаций, предел — ${b} МБ`],
  [/^the file could not be read$/, 'файл не удалось прочитать'],
  // XML
  [/^no XML element found \(the file is empty\)$/, 'XML-элемент не найден (файл пуст)'],
  [/^expected "<" \(the file does not start with an XML element\), found (.*)$/, (_, f) => `ожидалось «<» (файл не начинается с XML-элемента), найдено ${f}`],
  [/^a DOCTYPE is only allowed before the root element$/, 'DOCTYPE допустим только перед корневым элементом'],
  [/^DOCTYPE is never closed$/, 'DOCTYPE не закрыт'],
  [/^"--" is not allowed inside a comment$/, '«--» недопустимо внутри комментария'],
  [/^"\]\]>" is not allowed in text$/, '«]]>» недопустимо в тексте'],
  [/^the XML declaration <\?xml \.\.\.\?> must be at the very start of the file$/, 'XML-объявление <?xml ...?> должно стоять в самом начале файла'],
  [/^closing tag without a matching start tag$/, 'закрывающий тег без открывающего'],
  [/^<\/(.+)> does not match <(.+)> opened at line (\d+), column (\d+)$/, (_, a, b, l, c) => `</${a}> не соответствует <${b}>, открытому в строке ${l}, столбце ${c}`],
  [/^element <(.+)> is never closed \(missing <\/(.+)>\)$/, (_, a) => `элемент <${a}> не закрыт (нет </${a}>)`],
  [/^start tag <(.+)> is never closed \(missing ">"\)$/, (_, a) => `открывающий тег <${a}> не закрыт (нет «>»)`],
  [/^expected ">" to end <\/(.+)>, found (.*)$/, (_, a, f) => `ожидалось «>» в конце </${a}>, найдено ${f}`],
  [/^expected whitespace, ">" or "\/>" in <(.+)>, found (.*)$/, (_, a, f) => `в <${a}> ожидался пробел, «>» или «/>», найдено ${f}`],
  [/^expected "=" after attribute (.+) of <(.+)>, found (.*)$/, (_, a, b, f) => `после атрибута ${a} тега <${b}> ожидалось «=», найдено ${f}`],
  [/^the value of attribute (.+) of <(.+)> must be quoted$/, (_, a, b) => `значение атрибута ${a} тега <${b}> должно быть в кавычках`],
  [/^the value of attribute (.+) of <(.+)> is never closed$/, (_, a, b) => `значение атрибута ${a} тега <${b}> не закрыто`],
  [/^"<" is not allowed in the value of attribute (.+)$/, (_, a) => `«<» недопустимо в значении атрибута ${a}`],
  [/^attribute (.+) appears twice in <(.+)>$/, (_, a, b) => `атрибут ${a} дважды встречается в <${b}>`],
  [/^a second root element after <\/(.+)> \(an XML file has exactly one\)$/, (_, a) => `второй корневой элемент после </${a}> (в XML-файле он ровно один)`],
  [/^unexpected text after the root element <\/(.+)>: (.*)$/, (_, a, f) => `лишний текст после корневого элемента </${a}>: ${f}`],
  [/^elements nested deeper than (\d+) levels$/, (_, n) => `элементы вложены глубже ${n} уровней`],
  [/^unknown entity (.*)$/, (_, e) => `неизвестная сущность ${e} (внешние и собственные сущности не поддерживаются)`],
  [/^expected (.+), found (.*)$/, (_, w, f) => `ожидалось ${w}, найдено ${f}`],
  // PASCAL VOC
  [/^expected the root element <annotation> of a PASCAL VOC file, found <(.+)>$/, (_, a) => `ожидался корневой элемент <annotation> файла PASCAL VOC, найден <${a}>`],
  [/^<(.+)> has no <(.+)>$/, (_, a, b) => `в <${a}> нет <${b}>`],
  [/^<(.+)> must be (.+), got (.*)$/, (_, a, k, v) => `<${a}> должно быть ${k.replace('a non-negative integer', 'неотрицательным целым').replace('a number', 'числом').replace('an integer', 'целым')}, получено ${v}`],
  [/^<object> needs a non-empty <name>$/, '<object> требует непустого <name>'],
  [/^<object> "(.*)" has no <bndbox>$/, (_, n) => `у <object> «${n}» нет <bndbox>`],
  [/^<bndbox> of "(.*)" has xmax < xmin or ymax < ymin \((.*)\)$/, (_, n, v) => `у <bndbox> объекта «${n}» xmax < xmin или ymax < ymin (${v})`],
  [/^<difficult> must be 0 or 1, got (.*)$/, (_, v) => `<difficult> должно быть 0 или 1, получено ${v}`],
  [/^describes image (.+), as (.+) does$/, (_, a, b) => `описывает изображение ${a}, как и ${b}`],
  [/^negative image size (.*)$/, (_, s) => `отрицательный размер изображения ${s}`],
  // YOLO
  [/^YOLO labels need a class list: .*$/, 'для разметки YOLO нужен список классов: добавьте classes.txt, obj.names или data.yaml (с names:)'],
  [/^expected 5 values "class cx cy w h", got (\d+)( \(polygons \/ segmentation labels are not supported\))?$/, (_, n, poly) => `ожидалось 5 значений «класс cx cy w h», получено ${n}${poly ? ' (полигоны / разметка сегментации не поддерживаются)' : ''}`],
  [/^class index must be a non-negative integer, got (.*)$/, (_, v) => `номер класса должен быть неотрицательным целым, получено ${v}`],
  [/^class index (\d+) is out of range: the class list has (\d+) classes \((.*)\)$/, (_, i, n, r) => `номер класса ${i} вне диапазона: в списке ${n} классов (${r})`],
  [/^expected a normalized value in 0\.\.1, got (.*) \(YOLO labels are fractions of the image size\)$/, (_, v) => `ожидалось значение от 0 до 1, получено ${v} (в YOLO координаты — доли размера изображения)`],
  [/^empty line inside the class list .*$/, 'пустая строка внутри списка классов (строка k называет класс k − 1)'],
  [/^the class list is empty$/, 'список классов пуст'],
  [/^no top-level "names:" key .*$/, 'нет ключа верхнего уровня «names:» (ожидались имена классов набора)'],
  [/^empty class name in names: \[\.\.\.\]$/, 'пустое имя класса в names: [...]'],
  [/^the names: \[\.\.\.\] list is never closed with "\]"$/, 'список names: [...] не закрыт «]»'],
  [/^names: is empty$/, 'names: пуст'],
  [/^names: mixes .*$/, 'names: смешивает записи «- имя» и «номер: имя»'],
  [/^expected "- name" or "index: name" under names:, got (.*)$/, (_, v) => `под names: ожидалось «- имя» или «номер: имя», получено ${v}`],
  [/^expected a list after "names:", got (.*)$/, (_, v) => `после «names:» ожидался список, получено ${v}`],
  [/^names: has no entry for class (\d+) \(indices must be (.*)\)$/, (_, k, r) => `в names: нет класса ${k} (номера должны быть ${r})`],
];

function localizeWhat(what: string): string | undefined {
  for (const [re, to] of RULES) {
    const m = re.exec(what);
    if (m) return typeof to === 'string' ? to : to(...m);
  }
  return undefined;
}

function localizeWhere(where: string): string {
  return where
    .replace(/\bline (\d+)/g, 'строка $1')
    .replace(/\bcolumn (\d+)/g, 'столбец $1')
    .replace(/\bvalue (\d+)/g, 'значение $1')
    .replace(/\bbox (\d+)/g, 'рамка $1');
}

/** Whether the Russian text of `message` came from a pattern (false: the English was kept). */
export function isLocalized(message: string): boolean {
  return localizeParts(message).translated;
}

function localizeParts(message: string): { text: string; translated: boolean } {
  // `file: where: what` (where is optional). The file may contain ": " only in odd cases: try each split.
  const parts = message.split(': ');
  for (let i = 1; i < parts.length; i++) {
    const what = parts.slice(i).join(': ');
    const ru = localizeWhat(what);
    if (ru !== undefined) {
      const head = parts.slice(0, i);
      const pos = head.length > 1 ? `${head[0]}: ${localizeWhere(head.slice(1).join(': '))}` : head[0]!;
      return { text: `${pos}: ${ru}`, translated: true };
    }
  }
  const whole = localizeWhat(message);
  if (whole !== undefined) return { text: whole, translated: true };
  return { text: message, translated: false };
}

/** The message in the UI language (English passes through). */
export function localizeInputError(message: string, lang: 'ru' | 'en'): string {
  if (lang === 'en') return message;
  const { text, translated } = localizeParts(message);
  return translated ? text : `ошибка в данных (${message})`;
}
