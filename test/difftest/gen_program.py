#!/usr/bin/env python3
"""Generates random well-typed Clef programs for differential testing.

Every program is a deterministic function of its seed. Programs are typed by
construction: every expression is generated for a known type from the
variables, functions and constructors that have it. They declare records
(some with mutable and function fields) and unions (recursive ones, and
cases holding closures), define functions that build lists and arrays in
loops, mutate locals, refs and records, recurse with fuel (also mutually),
and return closures that escape through results, tuples, lists, arrays,
options, refs, records, union cases and a global store. Each statement of
`main` prints a digest of a value (or the value with %A) so that the
compiled program and the reference interpreter can be compared line by line.

Programs terminate: loops have constant bounds, recursion consumes fuel, and
division and indexing are guarded, so the only run-time errors are the
deliberate `failwith`s a few programs end with.

Usage: gen_program.py --seed N [--size S] [-o FILE]
"""

import argparse
import random
import sys

INT = ("int",)
BOOL = ("bool",)
STRING = ("string",)
INT64 = ("int64",)


def lst(t):
    return ("list", t)


def opt(t):
    return ("option", t)


def arr(t):
    return ("array", t)


def ref(t):
    return ("ref", t)


def tup(*ts):
    return ("tuple",) + tuple(ts)


def fun(a, b):
    return ("fun", a, b)


def named(name):
    return ("named", name)


def has_fun(t, decls, seen=None):
    """Whether a value of type t may hold a closure (no %A, no equality)."""
    seen = set() if seen is None else seen
    k = t[0]
    if k == "fun":
        return True
    if k in ("list", "option", "array", "ref"):
        return has_fun(t[1], decls, seen)
    if k == "tuple":
        return any(has_fun(e, decls, seen) for e in t[1:])
    if k == "named":
        if t[1] in seen:
            return False
        seen.add(t[1])
        d = decls[t[1]]
        if d["kind"] == "record":
            return any(has_fun(ft, decls, seen) for _, ft, _ in d["fields"])
        return any(has_fun(ft, decls, seen) for _, fts in d["cases"] for ft in fts)
    return False


def has_mutable(t, decls, seen=None):
    """Whether t contains refs, arrays or mutable records (no equality)."""
    seen = set() if seen is None else seen
    k = t[0]
    if k in ("ref", "array"):
        return True
    if k in ("list", "option"):
        return has_mutable(t[1], decls, seen)
    if k == "tuple":
        return any(has_mutable(e, decls, seen) for e in t[1:])
    if k == "named":
        if t[1] in seen:
            return False
        seen.add(t[1])
        d = decls[t[1]]
        if d["kind"] == "record":
            return any(m or has_mutable(ft, decls, seen) for _, ft, m in d["fields"])
        return any(has_mutable(ft, decls, seen) for _, fts in d["cases"] for ft in fts)
    return False


def a_ok(t, decls, seen=None):
    """Whether %A prints t on one line: no closures, no records."""
    seen = set() if seen is None else seen
    k = t[0]
    if k == "fun":
        return False
    if k in ("list", "option", "array", "ref"):
        return a_ok(t[1], decls, seen)
    if k == "tuple":
        return all(a_ok(e, decls, seen) for e in t[1:])
    if k == "named":
        if t[1] in seen:
            return True
        seen.add(t[1])
        d = decls[t[1]]
        if d["kind"] == "record":
            return False
        return all(a_ok(ft, decls, seen) for _, fts in d["cases"] for ft in fts)
    return True


def print_ok(t):
    """Whether %A of t surely fits on one line (wider values break)."""
    simple = lambda e: e[0] in ("int", "bool")
    k = t[0]
    if simple(t) or k == "string":
        return True
    if k == "option":
        return simple(t[1])
    if k == "tuple":
        return all(simple(e) for e in t[1:])
    if k == "list":
        return t[1] == ("bool",)
    return False


def tystr(t):
    k = t[0]
    if k in ("int", "bool", "string", "int64"):
        return k
    if k == "named":
        return t[1]
    if k in ("list", "option", "ref"):
        return "%s %s" % (atomic_tystr(t[1]), k)
    if k == "array":
        return "%s[]" % atomic_tystr(t[1])
    if k == "tuple":
        return " * ".join(atomic_tystr(e) for e in t[1:])
    if k == "fun":
        return "%s -> %s" % (atomic_tystr(t[1]), tystr(t[2]))
    raise ValueError(t)


def atomic_tystr(t):
    if t[0] in ("tuple", "fun"):
        return "(%s)" % tystr(t)
    return tystr(t)


class Gen:
    def __init__(self, seed, size, prefix=""):
        self.r = random.Random(seed)
        self.seed = seed
        self.size = size
        self.prefix = prefix
        self.decls = {}  # name -> record/union description
        self.decl_order = []
        self.funcs = []  # (name, [param types], result type)
        self.counter = 0
        self.digests = {}  # type -> name
        self.digest_code = []
        self.no_calls = False

    # ------------------------------------------------------------------
    # Names and small helpers

    def fresh(self, prefix):
        self.counter += 1
        return "%s%s%d" % (self.prefix, prefix, self.counter)

    def fresh_type(self, prefix):
        """A type name; its union cases extend it, and F# wants those
        capitalized."""
        self.counter += 1
        return "%s%s%d" % (self.prefix[:1].upper() + self.prefix[1:], prefix, self.counter)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    # ------------------------------------------------------------------
    # Types

    def base_type(self):
        return self.pick([INT, INT, INT, BOOL, STRING])

    def rand_type(self, depth=2, allow_fun=True):
        r = self.r.random()
        if depth <= 0 or r < 0.35:
            if self.decl_order and self.chance(0.25):
                return named(self.pick(self.decl_order))
            return self.base_type()
        choices = ["list", "option", "tuple", "array", "ref", "named"]
        if allow_fun:
            choices += ["fun", "fun"]
        k = self.pick(choices)
        if k == "list":
            return lst(self.rand_type(depth - 1, allow_fun))
        if k == "option":
            return opt(self.rand_type(depth - 1, allow_fun))
        if k == "array":
            return arr(self.rand_type(depth - 1, allow_fun))
        if k == "ref":
            return ref(self.rand_type(depth - 1, allow_fun))
        if k == "tuple":
            return tup(self.rand_type(depth - 1, allow_fun),
                       self.rand_type(depth - 1, allow_fun))
        if k == "fun":
            return fun(self.pick([INT, INT, STRING, BOOL]),
                       self.rand_type(depth - 1, allow_fun))
        if self.decl_order:
            return named(self.pick(self.decl_order))
        return INT

    def declare_types(self):
        out = []
        n_rec = self.r.randint(1, 2)
        n_uni = self.r.randint(1, 2)
        for _ in range(n_uni):
            name = self.fresh_type("U")
            self.decls[name] = {"kind": "union", "cases": []}
            self.decl_order.append(name)
            cases = []
            n_cases = self.r.randint(2, 4)
            for c in range(n_cases):
                cname = "%sC%d" % (name, c)  # unique: name is
                if c == 0:
                    fields = []  # a nullary case keeps recursion finite
                else:
                    fields = [self.rand_type(1) for _ in range(self.r.randint(1, 3))]
                    if self.chance(0.4):
                        fields[self.r.randrange(len(fields))] = named(name)
                cases.append((cname, fields))
            self.decls[name]["cases"] = cases
            body = "\n".join(
                "    | %s%s" % (cn, (" of " + " * ".join(atomic_tystr(f) for f in fs)) if fs else "")
                for cn, fs in cases)
            out.append("type %s =\n%s\n" % (name, body))
        for _ in range(n_rec):
            name = self.fresh_type("R")
            fields = []
            for f in range(self.r.randint(1, 4)):
                fields.append(("F%s_%d" % (name, f), self.rand_type(1), self.chance(0.4)))
            self.decls[name] = {"kind": "record", "fields": fields}
            self.decl_order.append(name)
            body = "; ".join("%s%s: %s" % ("mutable " if m else "", fn, atomic_tystr(ft))
                             for fn, ft, m in fields)
            out.append("type %s = { %s }\n" % (name, body))
        return "\n".join(out)

    # ------------------------------------------------------------------
    # Expressions: gen(t, env, d) is a one-line expression of type t.
    # env is a list of (name, type, kind) with kind "val", "mut" or "fn".

    def vars_of(self, env, t, mutable_ok=True):
        return [n for n, vt, kind in env if vt == t and (mutable_ok or kind != "mut")]

    def calls_of(self, t, env, d):
        """Applications of known functions that give t."""
        out = []
        for name, params, res in self.funcs:
            if res == t:
                out.append((name, params))
        return out

    def gen(self, t, env, d, lam=False):
        """lam: inside a lambda, where mutable locals may not be read."""
        k = t[0]
        scope = [e for e in env if not (lam and e[2] == "mut")]
        vs = self.vars_of(scope, t)
        if vs and (d <= 0 or self.chance(0.3)):
            return self.pick(vs)
        calls = [] if self.no_calls else self.calls_of(t, env, d)
        if calls and d > 0 and self.chance(0.2):
            name, params = self.pick(calls)
            args = " ".join("(%s)" % self.gen(p, env, d - 1, lam) for p in params)
            return "(%s %s)" % (name, args)
        # Apply a function-typed variable.
        fvs = [(n, vt) for n, vt, kind in scope if vt[0] == "fun" and vt[2] == t]
        if fvs and d > 0 and self.chance(0.15):
            n, vt = self.pick(fvs)
            return "(%s (%s))" % (n, self.gen(vt[1], env, d - 1, lam))
        if d > 0 and self.chance(0.08):
            c = self.gen(BOOL, env, d - 1, lam)
            return "(if %s then %s else %s)" % (c, self.gen(t, env, d - 1, lam),
                                                self.gen(t, env, d - 1, lam))
        if d > 0 and self.chance(0.06):
            # A local binding inside an expression.
            lt = self.rand_type(1)
            v = self.fresh("l")
            e1 = self.gen(lt, env, d - 1, lam)
            body = self.gen(t, env + [(v, lt, "val")], d - 1, lam)
            return "(let %s = %s in %s)" % (v, e1, body)
        if d > 0 and self.chance(0.06):
            return self.gen_match(t, env, d, lam)
        method = getattr(self, "gen_" + k)
        return method(t, env, d, lam)

    def gen_match(self, t, env, d, lam):
        st = self.pick([opt(INT), lst(INT), opt(STRING), lst(STRING)] +
                       [named(n) for n in self.decl_order if self.decls[n]["kind"] == "union"])
        scrut = self.gen(st, env, d - 1, lam)
        if st[0] == "option":
            v = self.fresh("m")
            a = self.gen(t, env + [(v, st[1], "val")], d - 1, lam)
            b = self.gen(t, env, d - 1, lam)
            return "(match %s with | Some %s -> %s | None -> %s)" % (scrut, v, a, b)
        if st[0] == "list":
            h, tl = self.fresh("h"), self.fresh("t")
            arms = []
            if self.chance(0.5):
                h2 = self.fresh("h")
                arms.append("| [%s] -> %s" % (h2, self.gen(t, env + [(h2, st[1], "val")], d - 1, lam)))
            arms.append("| %s :: %s -> %s" % (
                h, tl, self.gen(t, env + [(h, st[1], "val"), (tl, st, "val")], d - 1, lam)))
            arms.append("| [] -> %s" % self.gen(t, env, d - 1, lam))
            return "(match %s with %s)" % (scrut, " ".join(arms))
        d_ = self.decls[st[1]]
        arms = []
        cases = list(d_["cases"])
        self.r.shuffle(cases)
        use_wild = self.chance(0.5) and len(cases) > 1
        if use_wild:
            cases = cases[:self.r.randint(1, len(cases) - 1)]
        for cn, fs in cases:
            if not fs:
                arms.append("| %s -> %s" % (cn, self.gen(t, env, d - 1, lam)))
                continue
            names = [self.fresh("p") for _ in fs]
            pat = names[0] if len(fs) == 1 else "(%s)" % ", ".join(names)
            inner = env + list(zip(names, fs, ["val"] * len(fs)))
            guard = ""
            if INT in fs and self.chance(0.3):
                guard = " when %s > 0" % names[fs.index(INT)]
                arms.append("| %s %s%s -> %s" % (cn, pat, guard, self.gen(t, inner, d - 1, lam)))
                arms.append("| %s %s -> %s" % (cn, "_" if len(fs) == 1 else "(%s)" % ", ".join("_" for _ in fs),
                                               self.gen(t, env, d - 1, lam)))
                continue
            arms.append("| %s %s -> %s" % (cn, pat, self.gen(t, inner, d - 1, lam)))
        if use_wild:
            arms.append("| _ -> %s" % self.gen(t, env, d - 1, lam))
        return "(match %s with %s)" % (scrut, " ".join(arms))

    def gen_int(self, t, env, d, lam):
        if d <= 0:
            return self.pick(["0", "1", "2", "3", "7", "10", "-4", "42", "100",
                              "2147483647", "-2147483648"])
        r = self.r.randrange(16)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r < 4:
            op = self.pick(["+", "-", "*", "+", "-"])
            return "(%s %s %s)" % (g(INT), op, g(INT))
        if r == 4:
            return "(safeDiv %s %s)" % (g(INT), g(INT))
        if r == 5:
            return "(safeMod %s %s)" % (g(INT), g(INT))
        if r == 6:
            return "(List.length %s)" % g(lst(self.rand_type(1)))
        if r == 7:
            # Annotated: F# defaults an empty list of unknown type to obj.
            return "(List.sum (%s: int list))" % g(lst(INT))
        if r == 8:
            return "(String.length %s)" % g(STRING)
        if r == 9:
            return "(%s).Length" % g(arr(self.rand_type(1)))
        if r == 10:
            x = self.fresh("x")
            a = self.fresh("a")
            return "(List.fold (fun (%s: int) (%s: int) -> %s) %s %s)" % (
                a, x, self.gen(INT, env + [(a, INT, "val"), (x, INT, "val")], d - 1, True),
                g(INT), g(lst(INT)))
        if r == 11:
            return "(%s).Value" % g(ref(INT))
        if r == 12 and not self.no_calls:
            # Not in samples: a digest of a closure applies it to a sample.
            return self.digest_call(self.rand_type(2), env, d, lam)
        if r == 13:
            return "(abs %s)" % g(INT)
        if r == 14:
            return "(Option.defaultValue %s %s)" % (g(INT), g(opt(INT)))
        return self.gen_int(t, env, 0, lam)

    def gen_int64(self, t, env, d, lam):
        if d <= 0:
            return self.pick(["0L", "1L", "9223372036854775807L", "-5L"])
        return "(int64 %s * %s)" % (self.gen(INT, env, d - 1, lam), self.gen(INT64, env, d - 1, lam))

    def gen_bool(self, t, env, d, lam):
        if d <= 0:
            return self.pick(["true", "false"])
        r = self.r.randrange(8)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r < 2:
            return "(%s %s %s)" % (g(INT), self.pick(["<", ">", "=", "<>", "<=", ">="]), g(INT))
        if r == 2:
            return "(%s %s %s)" % (g(BOOL), self.pick(["&&", "||"]), g(BOOL))
        if r == 3:
            return "(not %s)" % g(BOOL)
        if r == 4:
            et = self.rand_type(1)
            x = self.fresh("x")
            return "(List.exists (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(et), self.gen(BOOL, env + [(x, et, "val")], d - 1, True), g(lst(et)))
        if r == 5:
            et = self.rand_type(1, allow_fun=False)
            if not has_mutable(et, self.decls) and not has_fun(et, self.decls):
                return "(%s = %s)" % (g(et), g(et))
        if r == 6:
            return "(Option.isSome %s)" % g(opt(self.rand_type(1)))
        return "(%s = %s)" % (g(STRING), g(STRING))

    STRINGS = ['""', '"a"', '"xy"', '"hello"', '"Clef"', '"z z"']

    def gen_string(self, t, env, d, lam):
        if d <= 0:
            return self.pick(self.STRINGS)
        r = self.r.randrange(6)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r == 0:
            return "(%s + %s)" % (g(STRING), g(STRING))
        if r == 1:
            return '(sprintf "%%d:%%s" %s %s)' % (g(INT), g(STRING))
        if r == 2:
            return "(string %s)" % g(INT)
        if r == 3:
            return '(String.concat "," (List.map string %s))' % g(lst(INT))
        if r == 4:
            return '(if %s then "T" else "F")' % g(BOOL)
        return self.pick(self.STRINGS)

    def gen_list(self, t, env, d, lam):
        et = t[1]
        if d <= 0:
            return "[]"
        r = self.r.randrange(11)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r < 3:
            return "[ %s ]" % "; ".join(g(et) for _ in range(self.r.randint(0, 4)))
        if r == 3:
            return "(%s :: %s)" % (g(et), g(t))
        if r == 4:
            return "(%s @ %s)" % (g(t), g(t))
        if r == 5:
            src = self.rand_type(1)
            x = self.fresh("x")
            return "(List.map (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(src), self.gen(et, env + [(x, src, "val")], d - 1, True), g(lst(src)))
        if r == 6:
            x = self.fresh("x")
            return "(List.filter (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(et), self.gen(BOOL, env + [(x, et, "val")], d - 1, True), g(t))
        if r == 7:
            return "(List.rev %s)" % g(t)
        if r == 8:
            i = self.fresh("i")
            return "[ for %s in 0 .. %d -> %s ]" % (
                i, self.r.randint(0, 5), self.gen(et, env + [(i, INT, "val")], d - 1, True))
        if r == 9:
            i = self.fresh("i")
            return "(List.init %d (fun (%s: int) -> %s))" % (
                self.r.randint(0, 5), i, self.gen(et, env + [(i, INT, "val")], d - 1, True))
        return "(List.ofArray %s)" % g(arr(et))

    def gen_option(self, t, env, d, lam):
        if d <= 0:
            return "None"
        r = self.r.randrange(5)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r < 2:
            return "(Some %s)" % g(t[1])
        if r == 2:
            x = self.fresh("x")
            return "(List.tryFind (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(t[1]), self.gen(BOOL, env + [(x, t[1], "val")], d - 1, True), g(lst(t[1])))
        if r == 3:
            src = self.rand_type(1)
            x = self.fresh("x")
            return "(Option.map (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(src), self.gen(t[1], env + [(x, src, "val")], d - 1, True), g(opt(src)))
        return "None"

    def gen_array(self, t, env, d, lam):
        et = t[1]
        if d <= 0:
            return "[||]"
        r = self.r.randrange(6)
        g = lambda tt: self.gen(tt, env, d - 1, lam)
        if r < 2:
            return "[| %s |]" % "; ".join(g(et) for _ in range(self.r.randint(0, 4)))
        if r == 2:
            i = self.fresh("i")
            return "(Array.init %d (fun (%s: int) -> %s))" % (
                self.r.randint(0, 5), i, self.gen(et, env + [(i, INT, "val")], d - 1, True))
        if r == 3:
            src = self.rand_type(1)
            x = self.fresh("x")
            return "(Array.map (fun (%s: %s) -> %s) %s)" % (
                x, atomic_tystr(src), self.gen(et, env + [(x, src, "val")], d - 1, True), g(arr(src)))
        if r == 4:
            return "(Array.ofList %s)" % g(lst(et))
        return "(Array.copy %s)" % g(t)

    def gen_ref(self, t, env, d, lam):
        return "(ref %s)" % self.gen(t[1], env, d - 1, lam)

    def gen_tuple(self, t, env, d, lam):
        return "(%s)" % ", ".join(self.gen(e, env, d - 1, lam) for e in t[1:])

    def gen_fun(self, t, env, d, lam):
        a, b = t[1], t[2]
        r = self.r.randrange(6)
        # Partial application of a two-parameter function. Samples (the
        # digests' arguments) name no function: digests come first.
        funcs = [] if self.no_calls else self.funcs
        partial = [(n, ps) for n, ps, res in funcs
                   if len(ps) == 2 and ps[1] == a and res == b]
        if partial and r == 0:
            n, ps = self.pick(partial)
            return "(%s %s)" % (n, "(%s)" % self.gen(ps[0], env, d - 1, lam))
        direct = [n for n, ps, res in funcs if len(ps) == 1 and ps[0] == a and res == b]
        if direct and r == 1:
            return self.pick(direct)
        if r == 2 and d > 0:
            # Composition through an intermediate type.
            mid = self.pick([INT, STRING, BOOL])
            # `f >> g` is a closure over both operands.
            return "(%s >> %s)" % (self.gen(fun(a, mid), env, d - 1, True),
                                   self.gen(fun(mid, b), env, d - 1, True))
        x = self.fresh("x")
        body = self.gen(b, env + [(x, a, "val")], max(d - 1, 0), True)
        return "(fun (%s: %s) -> %s)" % (x, atomic_tystr(a), body)

    def gen_named(self, t, env, d, lam):
        dd = self.decls[t[1]]
        g = lambda tt: self.gen(tt, env, max(d - 1, 0), lam)
        if dd["kind"] == "record":
            recs = self.vars_of(env, t, mutable_ok=not lam)
            if recs and d > 0 and self.chance(0.3):
                fn, ft, _ = self.pick(dd["fields"])
                return "{ %s with %s = %s }" % (self.pick(recs), fn, g(ft))
            return "{ %s }" % "; ".join("%s = %s" % (fn, g(ft)) for fn, ft, _ in dd["fields"])
        cases = dd["cases"]
        if d <= 0:
            cn, fs = cases[0]
            return cn
        cn, fs = self.pick(cases)
        if not fs:
            return cn
        if len(fs) == 1:
            return "(%s %s)" % (cn, g(fs[0]))
        return "(%s (%s))" % (cn, ", ".join(g(f) for f in fs))

    # ------------------------------------------------------------------
    # Digests: an int summarizing a value of any type, by a function per
    # type, so every value can be printed and compared.

    def digest_call(self, t, env, d, lam):
        name = self.digest_of(t)
        return "(%s %s)" % (name, self.gen(t, env, max(d - 1, 0), lam))

    def sample(self, t):
        """A closed constant of type t (arguments for digesting closures)."""
        saved, self.no_calls = self.no_calls, True
        text = self.gen(t, [], 1)
        self.no_calls = saved
        return text

    def digest_of(self, t):
        if t in self.digests:
            return self.digests[t]
        name = "%sdigest%d" % (self.prefix, len(self.digests))
        self.digests[t] = name
        k = t[0]
        v = "v"
        if k == "int":
            body = v
        elif k == "int64":
            body = "int (%s %% 1000003L)" % v
        elif k == "bool":
            body = "if %s then 1 else 0" % v
        elif k == "string":
            body = "String.length %s * 31 + (if %s = \"\" then 0 else int %s.[0])" % (v, v, v)
        elif k == "list":
            inner = self.digest_of(t[1])
            body = "List.fold (fun (acc: int) x -> acc * 31 + %s x) 7 %s" % (inner, v)
        elif k == "array":
            inner = self.digest_of(t[1])
            body = "Array.fold (fun (acc: int) x -> acc * 17 + %s x) 3 %s" % (inner, v)
        elif k == "option":
            inner = self.digest_of(t[1])
            body = "match %s with | Some x -> 1 + %s x | None -> 0" % (v, inner)
        elif k == "ref":
            inner = self.digest_of(t[1])
            body = "5 + %s %s.Value" % (inner, v)
        elif k == "tuple":
            parts = [self.fresh("e") for _ in t[1:]]
            inner = [self.digest_of(e) for e in t[1:]]
            body = "let (%s) = %s in %s" % (", ".join(parts), v, " * 3 + ".join(
                "%s %s" % (dn, p) for dn, p in zip(inner, parts)))
        elif k == "fun":
            inner = self.digest_of(t[2])
            body = "%s (%s %s)" % (inner, v, self.sample(t[1]))
        elif k == "named":
            dd = self.decls[t[1]]
            if dd["kind"] == "record":
                inner = [self.digest_of(ft) for _, ft, _ in dd["fields"]]
                body = " * 7 + ".join("%s %s.%s" % (dn, v, fn)
                                      for dn, (fn, _, _) in zip(inner, dd["fields"]))
            else:
                arms = []
                for i, (cn, fs) in enumerate(dd["cases"]):
                    if not fs:
                        arms.append("| %s -> %d" % (cn, i))
                        continue
                    ps = [self.fresh("f") for _ in fs]
                    inner = [self.digest_of(f) for f in fs]
                    pat = ps[0] if len(fs) == 1 else "(%s)" % ", ".join(ps)
                    arms.append("| %s %s -> %d + %s" % (
                        cn, pat, i, " + ".join("%s %s" % (dn, p) for dn, p in zip(inner, ps))))
                body = "match %s with %s" % (v, " ".join(arms))
        else:
            raise ValueError(t)
        self.digest_code.append("and %s (%s: %s) : int =\n    %s\n" % (name, v, atomic_tystr(t), body))
        return name

    # ------------------------------------------------------------------
    # Statements and functions

    def block(self, t, env, indent, budget, lam=False):
        """Lines of a block whose value has type t."""
        pad = " " * indent
        lines = []
        env = list(env)
        for _ in range(self.r.randint(0, budget)):
            r = self.r.randrange(10)
            if r < 3:
                vt = self.rand_type(2)
                v = self.fresh("v")
                lines.append("%slet %s = %s" % (pad, v, self.gen(vt, env, 3, lam)))
                env.append((v, vt, "val"))
            elif r == 3 and not lam:
                vt = self.pick([INT, STRING, lst(INT), lst(self.rand_type(1))])
                v = self.fresh("m")
                lines.append("%slet mutable %s = %s" % (pad, v, self.gen(vt, env, 2, lam)))
                env.append((v, vt, "mut"))
                i = self.fresh("i")
                lines.append("%sfor %s in 0 .. %d do" % (pad, i, self.r.randint(0, 4)))
                inner = env + [(i, INT, "val")]
                lines.append("%s    %s <- %s" % (pad, v, self.gen(vt, inner, 2, lam)))
            elif r == 4:
                refs = [(n, vt) for n, vt, kind in env if vt[0] == "ref" and not (lam and kind == "mut")]
                if refs:
                    n, vt = self.pick(refs)
                    lines.append("%s%s.Value <- %s" % (pad, n, self.gen(vt[1], env, 2, lam)))
            elif r == 5:
                recs = [(n, vt) for n, vt, kind in env if vt[0] == "named"
                        and self.decls[vt[1]]["kind"] == "record"
                        and any(m for _, _, m in self.decls[vt[1]]["fields"])
                        and not (lam and kind == "mut")]
                if recs:
                    n, vt = self.pick(recs)
                    fn, ft, _ = self.pick([f for f in self.decls[vt[1]]["fields"] if f[2]])
                    lines.append("%s%s.%s <- %s" % (pad, n, fn, self.gen(ft, env, 2, lam)))
            elif r == 6:
                arrs = [(n, vt) for n, vt, kind in env if vt[0] == "array" and not (lam and kind == "mut")]
                if arrs:
                    n, vt = self.pick(arrs)
                    lines.append("%sif %s.Length > 0 then %s.[safeMod (%s) %s.Length] <- %s" % (
                        pad, n, n, self.gen(INT, env, 1, lam), n, self.gen(vt[1], env, 2, lam)))
            elif r == 7:
                # Closures escape into the global store.
                lines.append("%sstore.Value <- %s :: store.Value" % (
                    pad, self.gen(fun(INT, INT), env, 3, lam)))
            elif r == 8:
                i = self.fresh("w")
                lines.append("%slet %s = ref 0" % (pad, i))
                lines.append("%swhile %s.Value < %d do" % (pad, i, self.r.randint(0, 4)))
                lines.append("%s    %s.Value <- %s.Value + 1" % (pad, i, i))
                lines.append("%s    counter.Value <- counter.Value + %s" % (
                    pad, self.gen(INT, env + [(i, ref(INT), "val")], 2, lam)))
            else:
                vt = self.rand_type(2)
                lines.append("%sprintfn \"%%s %%d\" \"%s\" %s" % (
                    pad, self.fresh("trace"), self.digest_call(vt, env, 2, lam)))
        lines.append("%s%s" % (pad, self.gen(t, env, 3, lam)))
        return lines

    def function(self):
        name = self.fresh("f")
        nparams = self.r.randint(1, 3)
        params = [self.rand_type(2) for _ in range(nparams)]
        res = self.rand_type(2)
        if self.chance(0.35):
            res = fun(self.pick([INT, STRING]), self.rand_type(1))
        pnames = [self.fresh("a") for _ in params]
        env = [(p, t, "val") for p, t in zip(pnames, params)]
        kind = self.r.randrange(4)
        head = "let %s %s : %s =" % (name, " ".join(
            "(%s: %s)" % (p, atomic_tystr(t)) for p, t in zip(pnames, params)), atomic_tystr(res))
        if kind == 0 and params[0] != INT:
            # Recursion with fuel, accumulating in a parameter.
            params = [INT] + params
            fuel = self.fresh("n")
            env = [(fuel, INT, "val")] + env
            pnames = [fuel] + pnames
            head = "let rec %s %s : %s =" % (name, " ".join(
                "(%s: %s)" % (p, atomic_tystr(t)) for p, t in zip(pnames, params)), atomic_tystr(res))
            lines = [head,
                     "    if %s <= 0 then" % fuel]
            lines += self.block(res, env, 8, 1)
            lines += ["    else"]
            body_env = env + [(self.fresh("rec"), res, "val")]
            rv = body_env[-1][0]
            lines += ["        let %s : %s = %s (safeMod (%s - 1) 6) %s" % (
                rv, atomic_tystr(res), name, fuel,
                " ".join("(%s)" % self.gen(t, env, 2) for t in params[1:]))]
            lines += self.block(res, body_env, 8, 2)
            # Callers only see the function once its body is done, so no
            # call inside it can restart the fuel.
            self.funcs.append((name, params, res))
            return "\n".join(lines) + "\n"
        lines = [head] + self.block(res, env, 4, min(4, self.size))
        self.funcs.append((name, params, res))
        return "\n".join(lines) + "\n"

    def mutual(self):
        """A pair of mutually recursive functions over a fuel parameter."""
        a, b = self.fresh("even"), self.fresh("odd")
        t = self.pick([INT, lst(INT), STRING])
        x = self.fresh("x")
        env = [("n", INT, "val"), (x, t, "val")]
        code = ("let rec %s (n: int) (%s: %s) : %s =\n"
                "    if n <= 0 then %s else %s (safeMod (n - 1) 8) (%s)\n"
                "and %s (n: int) (%s: %s) : %s =\n"
                "    if n <= 0 then %s else %s (safeMod (n - 1) 8) (%s)\n") % (
            a, x, tystr(t), tystr(t), x, b, self.gen(t, env, 2, True),
            b, x, tystr(t), tystr(t), self.gen(t, env, 2, True), a, self.gen(t, env, 2, True))
        self.funcs.append((a, [INT, t], t))
        self.funcs.append((b, [INT, t], t))
        return code

    def main(self):
        lines = ["let %srun () =" % self.prefix]
        env = []
        for _ in range(self.size * 2):
            r = self.r.randrange(6)
            vt = self.rand_type(2)
            v = self.fresh("g")
            lines.append("    let %s = %s" % (v, self.gen(vt, env, 3)))
            env.append((v, vt, "val"))
            if r < 3 or not print_ok(vt):
                lines.append("    printfn \"%s %%d\" (%s %s)" % (v, self.digest_of(vt), v))
            else:
                lines.append("    printfn \"%s %%A\" %s" % (v, v))
            if self.chance(0.2):
                lines += self.block(("unit",), env, 4, 2) if False else []
        lines.append("    printfn \"store %d\" (List.fold (fun (acc: int) (f: int -> int) -> acc * 3 + f acc) 1 store.Value)")
        lines.append("    printfn \"counter %d\" counter.Value")
        return "\n".join(lines) + "\n"

    def module(self):
        """Declarations and a `<prefix>run ()` function that prints."""
        types = self.declare_types()
        funcs = []
        for i in range(self.size):
            if self.chance(0.15):
                funcs.append(self.mutual())
            else:
                funcs.append(self.function())
        main = self.main()
        # Digests may need one another: one recursive group.
        digests = ""
        if self.digest_code:
            first = self.digest_code[0].replace("and ", "let rec ", 1)
            digests = first + "".join(self.digest_code[1:])
        return types + "\n" + digests + "\n" + "\n".join(funcs) + "\n" + main


HELPERS = (
    "let safeDiv (a: int) (b: int) = if b = 0 then a else a / b\n"
    "let safeMod (a: int) (b: int) = if b = 0 then a else ((a % b) + b) % b\n"
    "let store : (int -> int) list ref = ref []\n"
    "let counter = ref 0\n")


def program(seed, size, count=1):
    """One program of `count` independent modules, seeds seed..seed+count-1;
    the last may end with a deliberate failwith."""
    parts = ["// Generated by test/difftest/gen_program.py --seed %d --size %d --count %d\n\n"
             % (seed, size, count), HELPERS, "\n"]
    runs = []
    for i in range(count):
        prefix = "" if count == 1 else "p%d_" % (seed + i)
        parts.append(Gen(seed + i, size, prefix).module())
        runs.append(prefix)
    lines = ["[<EntryPoint>]", "let main argv ="]
    for prefix in runs:
        if count > 1:
            lines.append("    printfn \"== %s\"" % prefix)
        lines.append("    %srun ()" % prefix)
    if random.Random(seed * 7919 + count).random() < 0.04:
        lines.append("    if counter.Value % 2 = 0 then failwith (sprintf \"stop %d\" counter.Value)")
    lines.append("    0")
    parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--size", type=int, default=4)
    ap.add_argument("--count", type=int, default=1,
                    help="modules in the program (seeds seed .. seed+count-1)")
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    text = program(args.seed, args.size, args.count)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
