//! Applying a [`Command`] to a [`Board`]: every check first, then the change, and the inverse
//! returned. A command that fails leaves the board untouched. Each command costs about the size
//! of what it changes (ids are looked up in the board's indexes), apart from deletes, restores
//! and reorders, which shift the node and edge lists once.

use crate::board::command::{Added, Command, CommandError};
use crate::board::ids::{IdMap, IdMarks, PositionIndex};
use crate::board::items::{Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use crate::board::model::Board;
use std::cell::Cell;

fn finite(p: Point) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

/// The same limits the loader enforces, so that the app never saves a board it would refuse to
/// open.
fn good_rect(id: NodeId, pos: Point, size: Size) -> Result<(), CommandError> {
    use crate::board::limits::{MAX_COORD, MAX_SIDE};
    let side_ok = |s: f32| s.is_finite() && s > 0.0 && s <= MAX_SIDE;
    if finite(pos)
        && pos.x.abs() <= MAX_COORD
        && pos.y.abs() <= MAX_COORD
        && side_ok(size.w)
        && side_ok(size.h)
    {
        Ok(())
    } else {
        Err(CommandError::BadGeometry(id))
    }
}

fn good_label(label: &str) -> Result<(), CommandError> {
    // A label of no more bytes than the limit has no more characters: only longer ones are
    // counted.
    let max = crate::board::limits::MAX_LABEL_CHARS;
    if label.len() > max && label.chars().count() > max { Err(CommandError::LabelTooLong) } else { Ok(()) }
}

fn good_node(n: &Node) -> Result<(), CommandError> {
    good_rect(n.id, n.pos, n.size)?;
    good_label(&n.label)?;
    if n.id.0 > crate::board::limits::MAX_ID {
        return Err(CommandError::IdTooLarge(n.id.0));
    }
    if n.kind == NodeKind::Stage(0) {
        return Err(CommandError::BadStage(n.id));
    }
    Ok(())
}

impl Command {
    /// Applies the command and returns its inverse. On error the board is unchanged.
    pub fn apply(&self, board: &mut Board) -> Result<Command, CommandError> {
        match self {
            Self::Insert { .. } => self.clone().resolve(board).0.apply(board),
            Self::Add { nodes, edges } => {
                check_add(board, nodes, edges)?;
                Ok(commit_add(board, nodes.iter().cloned(), edges.iter().cloned()))
            }
            Self::Delete { nodes, edges } => delete(board, nodes, edges),
            Self::Restore { nodes, edges } => {
                check_restore(board, nodes, edges)?;
                Ok(commit_restore(board, nodes.to_vec(), edges.to_vec()))
            }
            Self::Move { ids, delta } => {
                let mut rects = Vec::with_capacity(ids.len());
                let mut seen = IdMarks::for_ids(ids.iter().map(|id| id.0));
                // A node named twice moves once.
                let ids: Vec<NodeId> = ids.iter().copied().filter(|id| seen.insert(id.0)).collect();
                for &id in &ids {
                    let n = board.node(id).ok_or(CommandError::NoSuchNode(id))?;
                    let to = Point::new(n.pos.x + delta.x, n.pos.y + delta.y);
                    good_rect(id, to, n.size)?;
                    rects.push((id, n.pos, n.size));
                }
                for &id in &ids {
                    if let Some(n) = board.node_mut(id) {
                        n.pos = Point::new(n.pos.x + delta.x, n.pos.y + delta.y);
                    }
                }
                Ok(Self::SetRects { rects })
            }
            Self::SetRects { rects } => {
                let mut old = Vec::with_capacity(rects.len());
                for &(id, pos, size) in rects {
                    let n = board.node(id).ok_or(CommandError::NoSuchNode(id))?;
                    good_rect(id, pos, size)?;
                    old.push((id, n.pos, n.size));
                }
                for &(id, pos, size) in rects {
                    if let Some(n) = board.node_mut(id) {
                        n.pos = pos;
                        n.size = size;
                    }
                }
                // Undoing several changes to one node must end at the first old value.
                old.reverse();
                Ok(Self::SetRects { rects: old })
            }
            Self::RelabelNode { id, label } => {
                good_label(label)?;
                let n = board.node_mut(*id).ok_or(CommandError::NoSuchNode(*id))?;
                let old = std::mem::replace(&mut n.label, label.clone());
                Ok(Self::RelabelNode { id: *id, label: old })
            }
            Self::RelabelEdge { id, label } => {
                good_label(label)?;
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                let old = std::mem::replace(&mut board.edges[i].label, label.clone());
                Ok(Self::RelabelEdge { id: *id, label: old })
            }
            Self::SetEdgeStyle { id, style } => {
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                let old = std::mem::replace(&mut board.edges[i].style, *style);
                Ok(Self::SetEdgeStyle { id: *id, style: old })
            }
            Self::Retarget { id, from, to } => {
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                for end in [*from, *to] {
                    board.node(end).ok_or(CommandError::NoSuchNode(end))?;
                }
                if from == to {
                    return Err(CommandError::SelfLoop(*id));
                }
                let e = &mut board.edges[i];
                let old = Self::Retarget { id: *id, from: e.from, to: e.to };
                (e.from, e.to) = (*from, *to);
                Ok(old)
            }
            Self::SetRoute { id, route } => {
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                let old = std::mem::replace(&mut board.edges[i].route, *route);
                Ok(Self::SetRoute { id: *id, route: old })
            }
            Self::SetColor { id, color } => {
                let n = board.node_mut(*id).ok_or(CommandError::NoSuchNode(*id))?;
                let old = std::mem::replace(&mut n.color, *color);
                Ok(Self::SetColor { id: *id, color: old })
            }
            Self::SetKind { id, kind } => {
                if *kind == NodeKind::Stage(0) {
                    return Err(CommandError::BadStage(*id));
                }
                let n = board.node_mut(*id).ok_or(CommandError::NoSuchNode(*id))?;
                let old = std::mem::replace(&mut n.kind, kind.clone());
                Ok(Self::SetKind { id: *id, kind: old })
            }
            Self::Reorder { nodes } => reorder(board, nodes),
            Self::SetTitle(title) => {
                let old = std::mem::replace(&mut board.title, title.clone());
                Ok(Self::SetTitle(old))
            }
            Self::SetTick { step, item, done } => {
                let rec = board.session.step_mut(step);
                let was = rec.ticked.iter().any(|t| t == item);
                if *done && !was {
                    rec.ticked.push(item.clone());
                } else if !*done {
                    rec.ticked.retain(|t| t != item);
                }
                board.session.normalize();
                Ok(Self::SetTick { step: step.clone(), item: item.clone(), done: was })
            }
            Self::SetNotes { step, notes } => {
                let old = std::mem::replace(&mut board.session.step_mut(step).notes, notes.clone());
                board.session.normalize();
                Ok(Self::SetNotes { step: step.clone(), notes: old })
            }
            Self::SetBudget { step, minutes } => {
                let old = std::mem::replace(&mut board.session.step_mut(step).budget_min, *minutes);
                board.session.normalize();
                Ok(Self::SetBudget { step: step.clone(), minutes: old })
            }
            Self::SetProblem(text) => {
                let old = std::mem::replace(&mut board.session.problem, text.clone());
                Ok(Self::SetProblem(old))
            }
            Self::SetEstimate(inputs) => {
                if inputs.as_ref().is_some_and(|e| !crate::board::validate::estimate_ok(e)) {
                    return Err(CommandError::BadEstimate);
                }
                let old = std::mem::replace(&mut board.session.estimate, *inputs);
                Ok(Self::SetEstimate(old))
            }
            Self::Batch(cmds) => batch(board, cmds.iter(), |c, b| c.apply(b)),
        }
    }

    /// [`Command::apply`] of a command that is not needed afterwards: the nodes and edges of an
    /// add or a restore move into the board instead of being copied (what the undo history
    /// does; a bulk paste or undo copies nothing).
    pub fn apply_owned(self, board: &mut Board) -> Result<Command, CommandError> {
        match self {
            Self::Insert { .. } => self.resolve(board).0.apply_owned(board),
            Self::Add { nodes, edges } => {
                check_add(board, &nodes, &edges)?;
                Ok(commit_add(board, nodes, edges))
            }
            Self::Restore { nodes, edges } => {
                check_restore(board, &nodes, &edges)?;
                Ok(commit_restore(board, nodes, edges))
            }
            Self::Batch(cmds) => batch(board, cmds.into_iter(), Command::apply_owned),
            other => other.apply(board),
        }
    }
}

/// Applies each command of a batch in turn; if one fails, rolls back what the batch already did,
/// newest first, and leaves the board as it was.
fn batch<C>(
    board: &mut Board,
    cmds: impl ExactSizeIterator<Item = C>,
    apply: impl Fn(C, &mut Board) -> Result<Command, CommandError>,
) -> Result<Command, CommandError> {
    let mut inverses = Vec::with_capacity(cmds.len());
    for cmd in cmds {
        match apply(cmd, board) {
            Ok(inv) => inverses.push(inv),
            Err(e) => {
                for inv in inverses.into_iter().rev() {
                    let _ = inv.apply_owned(board);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Command::Batch(inverses))
}

/// Checks an add: fresh, distinct ids, good nodes, edges between known or added nodes.
fn check_add(board: &Board, nodes: &[Node], edges: &[Edge]) -> Result<(), CommandError> {
    let mut new_nodes = IdMarks::for_ids(nodes.iter().map(|n| n.id.0));
    for n in nodes {
        if board.node(n.id).is_some() || !new_nodes.insert(n.id.0) {
            return Err(CommandError::IdInUse(n.id.0));
        }
        good_node(n)?;
    }
    let mut new_edges = IdMarks::for_ids(edges.iter().map(|e| e.id.0));
    for e in edges {
        if board.edge(e.id).is_some() || !new_edges.insert(e.id.0) {
            return Err(CommandError::IdInUse(e.id.0));
        }
        if e.id.0 > crate::board::limits::MAX_ID {
            return Err(CommandError::IdTooLarge(e.id.0));
        }
        good_label(&e.label)?;
        if e.from == e.to {
            return Err(CommandError::SelfLoop(e.id));
        }
        for end in [e.from, e.to] {
            if !new_nodes.contains(end.0) && board.node(end).is_none() {
                return Err(CommandError::NoSuchNode(end));
            }
        }
    }
    Ok(())
}

/// Adds checked nodes and edges at the end of the lists, moved in from an owned command or
/// cloned straight into the lists' room from a borrowed one; returns the inverse.
fn commit_add(
    board: &mut Board,
    nodes: impl IntoIterator<Item = Node>,
    edges: impl IntoIterator<Item = Edge>,
) -> Command {
    let (node_count, edge_count) = (board.nodes.len(), board.edges.len());
    board.nodes.extend(nodes);
    board.edges.extend(edges);
    let (nodes, edges) = board.index_appended(node_count, edge_count);
    Command::Delete { nodes, edges }
}

fn delete(board: &mut Board, nodes: &[NodeId], edges: &[EdgeId]) -> Result<Command, CommandError> {
    for &id in nodes {
        board.node(id).ok_or(CommandError::NoSuchNode(id))?;
    }
    for &id in edges {
        board.edge(id).ok_or(CommandError::NoSuchEdge(id))?;
    }
    let node_set = IdMarks::of(nodes.iter().map(|id| id.0));
    let edge_set = IdMarks::of(edges.iter().map(|id| id.0));
    let removed_nodes = take_out(&mut board.nodes, nodes.len(), |n| node_set.contains(n.id.0));
    let goes =
        |e: &Edge| edge_set.contains(e.id.0) || node_set.contains(e.from.0) || node_set.contains(e.to.0);
    // Counting first costs a read of the arrows' ends; growing the list as it fills would copy
    // every removed arrow once more.
    let edge_count = board.edges.iter().filter(|e| goes(e)).count();
    let removed_edges = take_out(&mut board.edges, edge_count, goes);
    board.reindex();
    Ok(Command::Restore { nodes: removed_nodes, edges: removed_edges })
}

/// Takes the items `remove` picks out of `list`, each with its place in the list before, in
/// list order, in a list made for `expected` of them. The kept items stay where they are in
/// memory: only the ones after a removed item move up.
fn take_out<T>(list: &mut Vec<T>, expected: usize, mut remove: impl FnMut(&T) -> bool) -> Vec<(usize, T)> {
    // `extract_if` yields each item right after `remove` picks it, so the place of the item
    // yielded is the last place picked.
    let (next, picked) = (Cell::new(0), Cell::new(0));
    let mut out = Vec::with_capacity(expected.min(list.len()));
    out.extend(
        list.extract_if(.., |x| {
            let i = next.replace(next.get() + 1);
            let hit = remove(x);
            if hit {
                picked.set(i);
            }
            hit
        })
        .map(|x| (picked.get(), x)),
    );
    out
}

/// Checks a restore: places ascending and within the lists, ids free, edge ends known.
fn check_restore(
    board: &Board,
    nodes: &[(usize, Node)],
    edges: &[(usize, Edge)],
) -> Result<(), CommandError> {
    // Check everything first: indices ascending and in range once the earlier items are in, ids
    // free, ends known.
    let mut ids = IdMarks::for_ids(nodes.iter().map(|(_, n)| n.id.0));
    let mut last = None;
    for (k, (i, n)) in nodes.iter().enumerate() {
        if *i > board.nodes.len() + k || last.is_some_and(|l| l >= *i) {
            return Err(CommandError::BadIndex(*i));
        }
        last = Some(*i);
        if board.node(n.id).is_some() || !ids.insert(n.id.0) {
            return Err(CommandError::IdInUse(n.id.0));
        }
    }
    let mut edge_ids = IdMarks::for_ids(edges.iter().map(|(_, e)| e.id.0));
    let mut last = None;
    for (k, (i, e)) in edges.iter().enumerate() {
        if *i > board.edges.len() + k || last.is_some_and(|l| l >= *i) {
            return Err(CommandError::BadIndex(*i));
        }
        last = Some(*i);
        if board.edge(e.id).is_some() || !edge_ids.insert(e.id.0) {
            return Err(CommandError::IdInUse(e.id.0));
        }
        for end in [e.from, e.to] {
            if !ids.contains(end.0) && board.node(end).is_none() {
                return Err(CommandError::NoSuchNode(end));
            }
        }
    }
    Ok(())
}

/// Puts checked nodes and edges back at their places; returns the inverse.
fn commit_restore(board: &mut Board, nodes: Vec<(usize, Node)>, edges: Vec<(usize, Edge)>) -> Command {
    let inverse = Command::Delete {
        nodes: nodes.iter().map(|(_, n)| n.id).collect(),
        edges: edges.iter().map(|(_, e)| e.id).collect(),
    };
    merge_in(&mut board.nodes, nodes);
    merge_in(&mut board.edges, edges);
    board.reindex();
    inverse
}

fn reorder(board: &mut Board, moves: &[(usize, NodeId)]) -> Result<Command, CommandError> {
    // Check everything first: known, distinct nodes at ascending places inside the list.
    let mut seen = IdMarks::for_ids(moves.iter().map(|(_, id)| id.0));
    let mut old = Vec::with_capacity(moves.len());
    let mut last = None;
    for &(i, id) in moves {
        let at = board.node_index(id).ok_or(CommandError::NoSuchNode(id))?;
        if !seen.insert(id.0) {
            return Err(CommandError::Repeated(id));
        }
        if i >= board.nodes.len() || last.is_some_and(|l| l >= i) {
            return Err(CommandError::BadIndex(i));
        }
        last = Some(i);
        old.push((at, id));
    }
    old.sort_unstable_by_key(|(at, _)| *at);
    let mut moved = Vec::with_capacity(moves.len());
    let mut kept = Vec::with_capacity(board.nodes.len());
    for n in std::mem::take(&mut board.nodes) {
        if seen.contains(n.id.0) {
            moved.push(n);
        } else {
            kept.push(n);
        }
    }
    // `moved` is in board order; pair each move with its node.
    let mut by_id: IdMap<NodeId, Node> = moved.into_iter().map(|n| (n.id, n)).collect();
    let items: Vec<(usize, Node)> =
        moves.iter().filter_map(|&(i, id)| by_id.remove(&id).map(|n| (i, n))).collect();
    board.nodes = kept;
    merge_in(&mut board.nodes, items);
    board.reindex();
    Ok(Command::Reorder { nodes: old })
}

/// Puts each `(index, item)` (ascending, each index the item's place afterwards) into `list` in
/// one pass: the same result as inserting them one by one, at the cost of one move of the list.
fn merge_in<T>(list: &mut Vec<T>, items: Vec<(usize, T)>) {
    if items.is_empty() {
        return;
    }
    let mut old = std::mem::take(list).into_iter();
    let mut out = Vec::with_capacity(old.len() + items.len());
    for (i, item) in items {
        while out.len() < i {
            match old.next() {
                Some(x) => out.push(x),
                None => break,
            }
        }
        out.push(item);
    }
    out.extend(old);
    *list = out;
}

impl Command {
    /// The concrete form of this command on `board`, and the ids it adds: a
    /// [`Command::Insert`] becomes the [`Command::Add`] of its nodes and edges under fresh ids
    /// from the board (each edge end that named one of the insert's own nodes follows it to its
    /// new id), also inside a [`Command::Batch`]; any other command is itself. The ids are
    /// reserved even if the command then fails, so an id is never handed out twice.
    pub fn resolve(self, board: &mut Board) -> (Command, Added) {
        let mut added = Added::default();
        let cmd = self.resolve_into(board, &mut added);
        (cmd, added)
    }

    fn resolve_into(self, board: &mut Board, added: &mut Added) -> Command {
        match self {
            Self::Insert { mut nodes, mut edges } => {
                // Where each of the insert's own ids sits in its list: the new id is then the
                // one given to the node there (for a copied group, a lookup in a plain table).
                let mut place = PositionIndex::default();
                place.rebuild(nodes.iter().map(|n| n.id.0));
                added.nodes.reserve(nodes.len());
                for n in &mut nodes {
                    n.id = NodeId(board.fresh_id());
                    added.nodes.push(n.id);
                }
                let new_id = |id: NodeId| place.get(id.0).map_or(id, |i| nodes[i].id);
                added.edges.reserve(edges.len());
                for e in &mut edges {
                    e.id = EdgeId(board.fresh_id());
                    (e.from, e.to) = (new_id(e.from), new_id(e.to));
                    added.edges.push(e.id);
                }
                Self::Add { nodes, edges }
            }
            Self::Batch(cmds) => {
                Self::Batch(cmds.into_iter().map(|c| c.resolve_into(board, added)).collect())
            }
            other => other,
        }
    }
}
