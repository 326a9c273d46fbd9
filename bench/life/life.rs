// Game of Life as a state-passing loop: same algorithm and output as
// life.clef; a board is a Vec of row Vecs, rebuilt each generation (the
// old one is dropped when the next replaces it).
type Board = Vec<Vec<i32>>;

fn step(board: &Board) -> Board {
    let h = board.len();
    let w = board[0].len();
    (0..h)
        .map(|i| {
            (0..w)
                .map(|j| {
                    let mut n = 0;
                    for di in 0..3 {
                        for dj in 0..3 {
                            if di != 1 || dj != 1 {
                                n += board[(i + di + h - 1) % h][(j + dj + w - 1) % w];
                            }
                        }
                    }
                    if n == 3 || (n == 2 && board[i][j] == 1) { 1 } else { 0 }
                })
                .collect()
        })
        .collect()
}

fn run(gen: i32, board: Board) -> Board {
    let mut board = board;
    for _ in 0..gen {
        board = step(&board);
    }
    board
}

fn initial(size: usize) -> Board {
    let mut seed: i64 = 42;
    (0..size)
        .map(|_| {
            (0..size)
                .map(|_| {
                    seed = (seed * 1103515245 + 12345) % 2147483648;
                    if seed % 3 == 0 { 1 } else { 0 }
                })
                .collect()
        })
        .collect()
}

fn main() {
    let arg = |i: usize, d: i32| std::env::args().nth(i).map_or(d, |s| s.parse().unwrap());
    let gens = arg(1, 1000);
    let size = arg(2, 64) as usize;
    let board = run(gens, initial(size));
    let (mut population, mut checksum) = (0, 0usize);
    for i in 0..size {
        for j in 0..size {
            if board[i][j] == 1 {
                population += 1;
                checksum = (checksum + i * size + j) % 1000003;
            }
        }
    }
    println!("generation {}: population {}, checksum {}", gens, population, checksum);
}
