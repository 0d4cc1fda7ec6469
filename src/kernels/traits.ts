// Element types through kernel-traits structs: a kernel `template <typename Traits> __global__ void k(...)`
// that names `typename Traits::Element`, instantiated as `k<MyTraits>` (a launch's or an explicit
// instantiation's template arguments), runs with the type MyTraits gives Element:
//   struct MyTraits { using Element = double; };                       → double
//   template <typename T, int N> struct Kernel_traits { using Element = T; };
//   k<Kernel_traits<cutlass::half_t, 128>><<<...>>>                     → half
// Only what the tree says for certain counts (no guessing): the member the kernel names, in the
// definitions of the struct visible from the instantiation, each giving the same type. A struct with a
// specialization, a member defined through a base class or a dependent name (`typename Base::Element`),
// an argument that is itself a host template parameter: nothing.
import { elementType, templateListParts } from './instantiations.js';
import type { DeviceFunction, TraitsStruct } from './model.js';

export type LocatedTraits = TraitsStruct & { file: string };

export interface TraitsLookup {
  /** The definitions of a struct named `name` (last segment) visible from `file`. */
  structs(name: string, file: string): LocatedTraits[];
  /** The element type a type alias visible from `file` stands for. */
  alias(name: string, file: string): string | undefined;
}

/** Member aliases followed within one struct and through template arguments: a bound, not a limit real code reaches. */
const MAX_DEPTH = 6;

/** The element types a kernel instantiated with `templateArgs` (written in `file`) gets through the members
 *  of its template parameters it names: one per member that resolves, with the member as written. */
export function traitsElementTypes(
  fn: Pick<DeviceFunction, 'templateParams' | 'traitMembers'>,
  templateArgs: string,
  file: string,
  lookup: TraitsLookup,
): { type: string; member: string }[] {
  if (!fn.traitMembers?.length || !fn.templateParams) return [];
  const args = templateListParts(templateArgs);
  const out: { type: string; member: string }[] = [];
  for (const used of fn.traitMembers) {
    const [param, member] = used.split('::') as [string, string];
    const arg = args[fn.templateParams.indexOf(param)];
    if (!arg) continue;
    const type = memberOf(arg, member, file, lookup, 0);
    if (type) out.push({ type, member: `${structName(arg) ?? arg}::${member}` });
  }
  return out;
}

/** `ns::Name<...>` → Name; undefined when the text is no (possibly qualified) type name. */
function structName(written: string): string | undefined {
  return /^(?:typename\s+)?(?:::)?(?:[A-Za-z_]\w*\s*::\s*)*([A-Za-z_]\w*)\s*(?:<[\s\S]*>)?$/.exec(written.trim())?.[1];
}

/** The element type of `member` of the struct `written` names (`MyTraits`, `Kernel_traits<half, 4>`). */
function memberOf(written: string, member: string, file: string, lookup: TraitsLookup, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const name = structName(written);
  if (!name) return undefined;
  const angle = written.indexOf('<');
  const args = angle >= 0 ? templateListParts(written.slice(angle)) : undefined;
  const defs = lookup.structs(name, file);
  // A specialization may be the definition the compiler picks: none is read.
  if (!defs.length || defs.some((d) => d.specialization)) return undefined;
  const fitting = defs.filter((d) => (d.params !== undefined) === (args !== undefined));
  return agreed(fitting.map((d) => memberIn(d, args, member, file, lookup, depth)));
}

/** The element type one definition gives `member`, its template parameters bound to `args` (written in
 *  `file`) or their defaults (written in the struct's file). */
function memberIn(d: LocatedTraits, args: string[] | undefined, member: string, file: string, lookup: TraitsLookup, depth: number): string | undefined {
  const defs = d.members.filter((m) => m.name === member);
  return agreed(defs.map((m) => {
    const direct = elementType(m.type);
    if (direct) return direct;
    const k = d.params?.findIndex((p) => p.name === m.type) ?? -1;
    if (k >= 0) {
      const given = args?.[k];
      const [value, where] = given !== undefined ? [given, file] : [d.params![k]!.default, d.file];
      return value === undefined ? undefined : typeOf(value, where, lookup);
    }
    // Another member of the same struct (`using ElementA = Element;`), else a type alias the struct sees.
    if (m.type !== member && d.members.some((x) => x.name === m.type)) return memberIn(d, args, m.type, file, lookup, depth + 1);
    return lookup.alias(m.type, d.file);
  }));
}

/** A template argument's element type: written directly, or through a type alias visible where it is written. */
function typeOf(written: string, file: string, lookup: TraitsLookup): string | undefined {
  const t = written.trim();
  return elementType(t) ?? (/^[A-Za-z_][\w:]*$/.test(t) ? lookup.alias(t, file) : undefined);
}

/** The one answer all candidates give, or undefined when any gives none or they differ. */
function agreed(answers: (string | undefined)[]): string | undefined {
  if (!answers.length || answers.some((a) => a === undefined)) return undefined;
  return new Set(answers).size === 1 ? answers[0] : undefined;
}
