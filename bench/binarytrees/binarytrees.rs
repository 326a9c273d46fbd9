// binary-trees: same algorithm and output as binarytrees.clef; one Box per
// node, a leaf is None.
struct Node {
    l: Tree,
    r: Tree,
}
type Tree = Option<Box<Node>>;

fn make(d: i32) -> Tree {
    if d == 0 {
        Some(Box::new(Node { l: None, r: None }))
    } else {
        Some(Box::new(Node { l: make(d - 1), r: make(d - 1) }))
    }
}

fn check(t: &Tree) -> i32 {
    match t {
        None => 0,
        Some(n) => 1 + check(&n.l) + check(&n.r),
    }
}

fn main() {
    let min_depth = 4;
    let n: i32 = std::env::args().nth(1).map_or(18, |s| s.parse().unwrap());
    let max_depth = std::cmp::max(min_depth + 2, n);
    let stretch = max_depth + 1;
    println!("stretch tree of depth {}\t check: {}", stretch, check(&make(stretch)));
    let long_lived = make(max_depth);
    let mut depth = min_depth;
    while depth <= max_depth {
        let iterations = 1 << (max_depth - depth + min_depth);
        let mut sum = 0;
        for _ in 0..iterations {
            sum += check(&make(depth));
        }
        println!("{}\t trees of depth {}\t check: {}", iterations, depth, sum);
        depth += 2;
    }
    println!("long lived tree of depth {}\t check: {}", max_depth, check(&long_lived));
}
