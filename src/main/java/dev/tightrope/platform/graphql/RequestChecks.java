package dev.tightrope.platform.graphql;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.eclipse.microprofile.config.Config;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import graphql.language.Document;
import graphql.language.OperationDefinition.Operation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The checks of a well-formed {@link GraphQLRequest} that need its parsed document, shared by HTTP
 * ({@link DocumentGuard}) and WebSocket ({@code SocketSession}) so both refuse the same requests with the same
 * errors: the document must parse (a VALIDATION error with line and column), every string of the document and of
 * the variables must follow the String rule, and its fields, once its fragments are expanded, must stay within
 * {@link GraphQLLimits#maxExpandedFields()} ({@link FragmentExpansion}). A mutation refused here never reaches a
 * resolver, so it is announced as a {@link RefusedMutation} for the audit log.
 *
 * <p>Documents that parsed and passed once are remembered (up to {@value #REMEMBERED_CHARACTERS} characters of them,
 * the least used first out), so the common case — a client sending the same few documents with different variables
 * — costs one lookup.
 */
@ApplicationScoped
public class RequestChecks {

    /** Characters of remembered documents, all together (a parsed document holds a few times its text). */
    static final long REMEMBERED_CHARACTERS = 8_000_000;

    private final Event<RefusedMutation> refusals;
    private final Cache<String, Document> wellFormed = Caffeine.newBuilder()
            .maximumWeight(REMEMBERED_CHARACTERS).<String, Document>weigher((text, document) -> text.length())
            .build();

    private final long maxExpandedFields;

    RequestChecks(Event<RefusedMutation> refusals, Config config) {
        this.refusals = refusals;
        this.maxExpandedFields = GraphQLLimits.from(config).maxExpandedFields();
    }

    /**
     * The refusal of this request, or null when it may run. Refusals are VALIDATION errors with the
     * {@code classification} the engine's errors have ({@code InvalidSyntax}, with the position in
     * {@code locations}, or {@code ValidationError}).
     *
     * @param overHttp a subscription is refused too: it needs a WebSocket
     */
    public TightropeException refusal(GraphQLRequest request, SecurityIdentity identity, boolean overHttp) {
        Document document = wellFormed.getIfPresent(request.query());
        if (document == null) {
            try {
                document = Parser.parse(request.query());
            } catch (InvalidSyntaxException e) {
                var location = e.getLocation();
                return new TightropeException(ErrorCode.VALIDATION, e.getMessage(),
                        location == null ? Map.of("classification", "InvalidSyntax")
                                : Map.of("classification", "InvalidSyntax", "locations",
                                        List.of(Map.of("line", location.getLine(), "column", location.getColumn()))));
            }
            String problem = MutationDocuments.stringProblem(document);
            if (problem != null) {
                return refused(document, request, identity, "Invalid value: " + problem + ".");
            }
            if (FragmentExpansion.fields(document, maxExpandedFields) > maxExpandedFields) {
                return refused(document, request, identity, "The document selects more than " + maxExpandedFields
                        + " fields once its fragments are expanded (a fragment spread many times over, or spreads of "
                        + "spreads): select each field once, or split the request.");
            }
            wellFormed.put(request.query(), document);
        }
        String problem = request.valueProblem();
        if (problem != null) {
            return refused(document, request, identity, problem);
        }
        if (overHttp && MutationDocuments.operationType(document, request.operationName()) == Operation.SUBSCRIPTION) {
            return new TightropeException(ErrorCode.VALIDATION, "Subscriptions are served over a WebSocket on "
                    + "/graphql (graphql-transport-ws), not over a POST.", Map.of("classification", "ValidationError"));
        }
        return null;
    }

    /** Announces a mutation the engine refused before any field ran (its own validation). */
    public void engineRefused(String query, String operationName, Map<String, Object> variables,
            SecurityIdentity identity, String code) {
        Document document = wellFormed.getIfPresent(query);
        if (document == null) {
            try {
                document = Parser.parse(query);
            } catch (InvalidSyntaxException e) {
                return;
            }
        }
        announce(document, operationName, variables, identity, code);
    }

    private TightropeException refused(Document document, GraphQLRequest request, SecurityIdentity identity,
            String message) {
        announce(document, request.operationName(), request.variables(), identity, "VALIDATION");
        return new TightropeException(ErrorCode.VALIDATION, message,
                Map.of("classification", "ValidationError"));
    }

    private void announce(Document document, String operationName, Map<String, Object> variables,
            SecurityIdentity identity, String code) {
        List<RefusedMutation.Field> fields = MutationDocuments.mutationFields(document, operationName, variables);
        if (!fields.isEmpty()) {
            refusals.fire(new RefusedMutation(identity, fields, code));
        }
    }
}
