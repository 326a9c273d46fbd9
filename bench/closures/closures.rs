// A closure-heavy pipeline: same algorithm and output as closures.clef.
// Closures are Rc<dyn Fn> (shared by the list and the composition); lists
// are Vecs, each map building a new one.
use std::rc::Rc;

const MODULUS: i32 = 1000003;
type F = Rc<dyn Fn(i32) -> i32>;

fn make_ops(n: i32) -> Vec<F> {
    (0..n)
        .map(|i| -> F {
            if i % 2 == 0 {
                Rc::new(move |x| (x + i) % MODULUS)
            } else {
                let k = i % 5 + 2;
                Rc::new(move |x| (x * k) % MODULUS)
            }
        })
        .collect()
}

fn compose(ops: &[F]) -> F {
    ops.iter().fold(Rc::new(|x| x) as F, |acc, f| {
        let f = f.clone();
        Rc::new(move |x| f(acc(x)))
    })
}

fn round(ops: &[F], composed: &F, r: i32) -> (i32, bool) {
    let data: Vec<i32> = (0..1000).map(|i| (i * 7 + r) % MODULUS).collect();
    let stepped = ops.iter().fold(data.clone(), |xs, f| xs.iter().map(|&x| f(x)).collect());
    let direct: Vec<i32> = data.iter().map(|&x| composed(x)).collect();
    let kept: Vec<i32> = stepped.iter().copied().filter(|x| x % 3 != 0).collect();
    let total = kept.iter().fold(0, |acc, &x| (acc + x) % MODULUS);
    (total, stepped == direct)
}

fn main() {
    let rounds: i32 = std::env::args().nth(1).map_or(300, |s| s.parse().unwrap());
    let ops = make_ops(100);
    let composed = compose(&ops);
    let (mut checksum, mut agreed) = (0, 0);
    for r in 1..=rounds {
        let (total, agree) = round(&ops, &composed, r);
        checksum = (checksum + total) % MODULUS;
        if agree {
            agreed += 1;
        }
    }
    println!("{} rounds, {} agree, checksum {}", rounds, agreed, checksum);
}
