package scalablechat.backend.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a chaos run showed, checked and printed as tables: one line per fault with how long its members
 * took to be back, then one line per invariant with PASS or FAIL and the evidence.
 */
final class ChaosReport {
    /** The goal for the time from a fault to every member of the rooms it hit being back in its room. */
    static final long RECOVERY_GOAL_MILLIS = 3000;

    /** One checked invariant; {@code needsDurableHistory}: it can only hold when rooms survive their server. */
    record Check(String name, boolean passed, String evidence, boolean needsDurableHistory) {}

    /** One fault, its members (those who lost their connection because of it) and when the last was back. */
    record Recovery(ChaosRun.FaultDone fault, int membersHit, long allBackMillis, long allLocatedMillis) {
        boolean complete() {
            return allBackMillis >= 0;
        }

        /** Whether the fault cut anyone off (a restart after every room was lost hits no one). */
        boolean hitAnyone() {
            return membersHit > 0;
        }
    }

    private final ChaosSettings settings;
    private final boolean historyOnDisk;
    private final long runMillis;
    private final List<Recovery> recoveries = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private int messages;

    ChaosReport(ChaosSettings settings, List<ChaosRun.FaultDone> faults, List<String> skipped,
                List<ChatMember> members, FleetMonitor monitor, boolean historyOnDisk, long runMillis) {
        this.settings = settings;
        skipped.forEach(s -> details.add("fault skipped: " + s));
        this.historyOnDisk = historyOnDisk;
        this.runMillis = runMillis;
        for (int i = 0; i < faults.size(); i++) {
            long next = i + 1 < faults.size() ? faults.get(i + 1).atEpochMillis() : Long.MAX_VALUE;
            recoveries.add(recovery(faults.get(i), next, members));
        }
        checkHistories(members);
        checkDelivery(members);
        checkMonitor(monitor);
        checkRecoveries();
    }

    /**
     * A fault's members are those whose connection was lost after it and before the next fault; they are
     * back at the welcome that ended their last outage of that stretch.
     */
    private static Recovery recovery(ChaosRun.FaultDone fault, long nextFaultAt, List<ChatMember> members) {
        int hit = 0;
        long lastBack = 0;
        long lastLocated = 0;
        boolean allBack = true;
        for (ChatMember member : members) {
            List<ChatMember.Outage> mine = member.outages().stream()
                    .filter(o -> o.lostAtMillis() >= fault.atEpochMillis() && o.lostAtMillis() < nextFaultAt).toList();
            if (mine.isEmpty()) {
                continue;
            }
            hit++;
            long back = mine.get(mine.size() - 1).welcomedAtMillis();
            lastLocated = Math.max(lastLocated, mine.get(mine.size() - 1).locatedAtMillis() - fault.atEpochMillis());
            if (back == 0) {
                allBack = false;
            } else {
                lastBack = Math.max(lastBack, back - fault.atEpochMillis());
            }
        }
        return new Recovery(fault, hit, allBack ? lastBack : -1, lastLocated);
    }

    private void checkHistories(List<ChatMember> members) {
        Map<String, Map<Long, ChatMember.Message>> byRoom = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (ChatMember member : members) {
            Map<Long, ChatMember.Message> room = byRoom.computeIfAbsent(member.roomId(), r -> new HashMap<>());
            for (ChatMember.Message message : member.history()) {
                ChatMember.Message seen = room.putIfAbsent(message.id(), message);
                if (seen != null && !seen.equals(message)) {
                    conflicts.add(member.roomId() + " id " + message.id() + ": " + seen + " vs " + message);
                }
            }
        }
        messages = byRoom.values().stream().mapToInt(Map::size).sum();
        int complete = 0;
        for (ChatMember member : members) {
            List<Long> expected = byRoom.get(member.roomId()).keySet().stream().sorted().toList();
            List<Long> seen = member.history().stream().map(ChatMember.Message::id).toList();
            if (seen.equals(expected) && member.violationCount() == 0) {
                complete++;
            } else {
                details.add(member.userId() + " in " + member.roomId() + ": history of " + seen.size() + " messages, "
                        + expected.size() + " seen in the room; " + member.violationCount() + " anomalies"
                        + (member.violations().isEmpty() ? "" : ", first: " + String.join("; ", member.violations())));
            }
        }
        checks.add(new Check("every message seen is in every member's history once, in id order",
                complete == members.size() && conflicts.isEmpty(),
                complete + "/" + members.size() + " members complete, " + messages + " messages"
                        + (conflicts.isEmpty() ? "" : ", " + conflicts.size() + " ids with two different messages"),
                true));
        conflicts.stream().limit(10).forEach(details::add);
    }

    private void checkDelivery(List<ChatMember> members) {
        int sent = 0;
        int pending = 0;
        Map<String, Set<Long>> idsByCid = new HashMap<>();
        for (ChatMember member : members) {
            sent += member.sent();
            pending += member.unacknowledged();
            for (ChatMember.Message message : member.history()) {
                if (message.cid() != null) {
                    idsByCid.computeIfAbsent(member.roomId() + "/" + message.userId() + "/" + message.cid(),
                            k -> new HashSet<>()).add(message.id());
                }
            }
        }
        long doubled = idsByCid.values().stream().filter(ids -> ids.size() > 1).count();
        checks.add(new Check("every message sent was stored exactly once (no loss, no duplicate)",
                pending == 0 && doubled == 0 && idsByCid.size() == sent,
                sent + " sent, " + idsByCid.size() + " stored, " + pending + " never acknowledged, " + doubled
                        + " stored twice", true));
    }

    private void checkMonitor(FleetMonitor monitor) {
        List<String> violations = monitor.violations();
        List<String> doubleHosting = violations.stream().filter(v -> v.contains("at once")).toList();
        List<String> roomLimit = violations.stream().filter(v -> v.contains("rooms, more than")).toList();
        List<String> userLimit = violations.stream().filter(v -> v.contains("users on")).toList();
        checks.add(new Check("no room open on two servers at once",
                doubleHosting.isEmpty(), monitor.sweeps() + " sweeps of every server" + first(doubleHosting), false));
        checks.add(new Check("at most " + settings.roomsPerServer() + " rooms per server",
                roomLimit.isEmpty(), "most seen: " + monitor.maxRoomsSeenOnAServer() + first(roomLimit), false));
        checks.add(new Check("at most " + settings.usersPerRoom() + " users per room",
                userLimit.isEmpty(), "most seen: " + monitor.maxUsersSeenInARoom() + first(userLimit), false));
    }

    private void checkRecoveries() {
        List<Long> times = recoveries.stream().filter(r -> r.complete() && r.hitAnyone())
                .map(Recovery::allBackMillis).sorted().toList();
        boolean sessionFaultsRecovered = recoveries.stream()
                .filter(r -> r.fault().fault() != ChaosSettings.Fault.RESTART).allMatch(Recovery::complete);
        boolean restartsRecovered = recoveries.stream()
                .filter(r -> r.fault().fault() == ChaosSettings.Fault.RESTART).allMatch(Recovery::complete);
        checks.add(new Check("every member back in its room after each session server fault",
                sessionFaultsRecovered, recoveryEvidence(ChaosSettings.Fault.KILL, ChaosSettings.Fault.DRAIN), false));
        checks.add(new Check("every member back in its room after each backend restart",
                restartsRecovered, recoveryEvidence(ChaosSettings.Fault.RESTART), true));
        if (!times.isEmpty()) {
            details.add(0, String.format(Locale.ROOT, "back in the room after a fault: median %s, max %s (goal < %s): %s",
                    seconds(times.get((times.size() - 1) / 2)), seconds(times.get(times.size() - 1)),
                    seconds(RECOVERY_GOAL_MILLIS), times.get(times.size() - 1) < RECOVERY_GOAL_MILLIS ? "met" : "missed"));
        }
    }

    private String recoveryEvidence(ChaosSettings.Fault... kinds) {
        Set<ChaosSettings.Fault> wanted = Set.of(kinds);
        List<Recovery> of = recoveries.stream().filter(r -> wanted.contains(r.fault().fault())).toList();
        long back = of.stream().filter(Recovery::complete).count();
        return back + "/" + of.size() + " faults";
    }

    private static String first(List<String> violations) {
        return violations.isEmpty() ? "" : "; " + violations.size() + " breaches, first: " + violations.get(0);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    boolean historyOnDisk() {
        return historyOnDisk;
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    /** The checks that failed, leaving out those that need durable history when there is none. */
    List<Check> failuresThatCount() {
        return checks.stream().filter(c -> !c.passed() && (historyOnDisk || !c.needsDurableHistory())).toList();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Chaos run: %d rooms x %d members, a message every %d ms each, "
                        + "%d faults, %s, seed %d%n", settings.rooms(), settings.members(), settings.sendEvery().toMillis(),
                recoveries.size(), seconds(runMillis), settings.seed()));
        out.append(String.format(Locale.ROOT, "%n %-3s %-32s %9s  %-17s %6s %8s  %-15s %s%n",
                "#", "fault", "at", "victim", "rooms", "members", "all back after", "(last lookup answered after)"));
        int n = 1;
        for (Recovery r : recoveries) {
            out.append(String.format(Locale.ROOT, " %-3d %-32s %9s  %-17s %6d %8d  %-15s %s%n", n++,
                    r.fault().fault().description, seconds(r.fault().atRunMillis()), r.fault().victim(),
                    r.fault().roomsHit(settings.rooms()), r.membersHit(),
                    !r.hitAnyone() ? "-" : r.complete() ? seconds(r.allBackMillis()) : "NOT BACK",
                    r.allLocatedMillis() > 0 ? "(" + seconds(r.allLocatedMillis()) + ")" : ""));
        }
        out.append(String.format(Locale.ROOT, "%n %-72s %s%n", "check", "result"));
        for (Check check : checks) {
            String result = check.passed() ? "PASS"
                    : !historyOnDisk && check.needsDurableHistory() ? "FAIL (needs durable history)" : "FAIL";
            out.append(String.format(Locale.ROOT, " %-72s %s  (%s)%n", check.name(), result, check.evidence()));
        }
        out.append(String.format(Locale.ROOT, "%n durable history: %s%n", historyOnDisk
                ? "yes (the session servers wrote room logs to DATA_DIR)"
                : "NO: DATA_DIR stayed empty, so the session servers keep rooms in memory only. A room whose server "
                + "dies loses its history and ids, and rooms are unknown after a backend restart; the checks marked "
                + "\"needs durable history\" can't pass until the room store (branch store) is part of the rooms."));
        for (String detail : details.stream().limit(40).toList()) {
            out.append(" ").append(detail).append(System.lineSeparator());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return table();
    }
}
