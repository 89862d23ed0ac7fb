package io.relais.common.request;

import io.relais.common.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a query parameter given more than once unless the resource takes it as a list (a FHIR
 * date range: {@code birthdate=ge1931&birthdate=lt1932}). JAX-RS hands a single-valued parameter
 * the first of several without a word: {@code ?kind=allergy&kind=note} listed the allergies
 * alone, an empty list for a patient with notes, read as "no entries".
 */
public class SingleValuedQuery {

    private static final Map<Method, Set<String>> LISTS = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void refuseRepeatedParameters(ContainerRequestContext request, ResourceInfo resource) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            int times = parameter.getValue().size();
            if (times > 1 && !takenAsList(resource.getResourceMethod(), parameter.getKey())) {
                throw ProblemException.invalid(parameter.getKey(), "is given " + times + " times; give it once"
                        + " (it takes one value: to combine values, send one request per value)");
            }
        }
    }

    private static boolean takenAsList(Method method, String name) {
        return method != null && LISTS.computeIfAbsent(method, SingleValuedQuery::listParameters).contains(name);
    }

    private static Set<String> listParameters(Method method) {
        Set<String> names = new HashSet<>();
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null && Collection.class.isAssignableFrom(parameter.getType())) {
                names.add(query.value());
            }
        }
        return Set.copyOf(names);
    }
}
