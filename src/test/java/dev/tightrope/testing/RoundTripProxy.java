package dev.tightrope.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tightrope.testing.FrontendMessages.Message;

/**
 * A TCP proxy between the application and PostgreSQL that counts round trips on the wire.
 *
 * <p>On each connection, the client's messages are grouped into flights: a flight starts with the first bytes the
 * client sends after an answer from PostgreSQL has reached it, and takes in everything the client sends until the
 * next answer reaches it. Messages of one flight cannot depend on each other's answers (none had arrived), so they
 * were pipelined; every flight after the first of a transaction was sent after an answer, so it is one more round
 * trip. Answers can be quick enough to arrive between two messages a client sends in one go; to keep the count from
 * depending on such luck the proxy holds every answer back for {@link #delayAnswers a while} when asked.
 *
 * <p>Example, a traffic change pipelined as TrafficStore does it, with statements already prepared:
 * {@code Q(BEGIN) B E S | B E S Q(COMMIT)}: two flights, two round trips. The same change before pipelining was
 * {@code Q(BEGIN) | B E S | B E S | Q(COMMIT)}: four.
 */
public final class RoundTripProxy implements Closeable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile long answerDelayNanos;

    private RoundTripProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("round-trip-proxy", this::accept);
    }

    /** Listens on a free loopback port and forwards every connection to PostgreSQL on {@code targetPort}. */
    public static RoundTripProxy start(int targetPort) {
        try {
            return new RoundTripProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the proxy", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Holds every answer from PostgreSQL back this long before passing it on (zero: pass at once). */
    public void delayAnswers(Duration delay) {
        answerDelayNanos = delay.toNanos();
    }

    /**
     * The transactions seen so far (BEGIN to COMMIT or ROLLBACK on one connection), in the order they began, in
     * which some statement was bound with exactly this parameter value.
     */
    public List<Transaction> transactionsBinding(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return links.stream().flatMap(link -> link.transactions().stream())
                .filter(transaction -> transaction.binds(bytes))
                .sorted(Comparator.comparingLong(Transaction::startedNanos))
                .toList();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket("localhost", targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // listener closed, or the database refused: the client sees its connection closed
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One transaction's flights, each the messages the client sent in it. */
    public record Transaction(long startedNanos, List<List<Message>> flights) {

        public int roundTrips() {
            return flights.size();
        }

        /** Statements the client had to prepare first ('P'); each costs a round trip of its own. */
        public int prepares() {
            return (int) flights.stream().flatMap(List::stream).filter(m -> m.type() == 'P').count();
        }

        boolean binds(byte[] value) {
            return flights.stream().flatMap(List::stream).flatMap(m -> m.parameters().stream())
                    .anyMatch(parameter -> Arrays.equals(parameter, value));
        }

        /** e.g. {@code Q(BEGIN) B E S | B E S Q(COMMIT)}. */
        @Override
        public String toString() {
            return flights.stream().map(flight -> flight.stream().map(Message::toString)
                    .collect(Collectors.joining(" "))).collect(Collectors.joining(" | "));
        }
    }

    /** One proxied connection: bytes up as they come, answers down after the delay, flights recorded. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private final FrontendMessages parser = new FrontendMessages();
        private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        private final List<List<Message>> flights = new ArrayList<>();
        private final List<Long> flightStarts = new ArrayList<>();
        private boolean answered = true;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            daemon("round-trip-proxy-up", this::up);
            daemon("round-trip-proxy-down", this::down);
            daemon("round-trip-proxy-deliver", this::deliver);
        }

        private void up() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    record(buffer, read);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close();
            }
        }

        private void down() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = server.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    answers.add(new Answer(Arrays.copyOf(buffer, read), System.nanoTime() + answerDelayNanos));
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                answers.add(new Answer(null, 0));
            }
        }

        private void deliver() {
            try (OutputStream out = client.getOutputStream()) {
                while (true) {
                    Answer answer = answers.take();
                    if (answer.bytes() == null) {
                        break;
                    }
                    long wait = answer.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    synchronized (this) {
                        // before the client can read it, so that whatever it sends in reaction opens a new flight
                        answered = true;
                    }
                    out.write(answer.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                close();
            }
        }

        private synchronized void record(byte[] buffer, int length) {
            if (answered) {
                flights.add(new ArrayList<>());
                flightStarts.add(System.nanoTime());
                answered = false;
            }
            flights.get(flights.size() - 1).addAll(parser.feed(buffer, length));
        }

        synchronized List<Transaction> transactions() {
            List<Transaction> found = new ArrayList<>();
            int begin = -1;
            for (int i = 0; i < flights.size(); i++) {
                List<Message> flight = flights.get(i);
                if (begin < 0 && flight.stream().anyMatch(m -> "BEGIN".equalsIgnoreCase(m.query()))) {
                    begin = i;
                }
                if (begin >= 0 && flight.stream().anyMatch(m -> "COMMIT".equalsIgnoreCase(m.query())
                        || "ROLLBACK".equalsIgnoreCase(m.query()))) {
                    found.add(new Transaction(flightStarts.get(begin),
                            flights.subList(begin, i + 1).stream().map(List::copyOf).toList()));
                    begin = -1;
                }
            }
            return found;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private record Answer(byte[] bytes, long dueNanos) {
    }
}
