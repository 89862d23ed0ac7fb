package io.relais.common.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Optional;

/**
 * Refuses to start a production service that would accept tokens from any issuer or for any
 * audience: a token minted for another application of the hospital must not open patient
 * records. SmallRye JWT checks what it is given; this makes sure it is given both.
 */
@ApplicationScoped
public class TokenSettings {

    void check(@Observes StartupEvent event, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Optional<String> issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class);
        Optional<List<String>> audiences = config.getOptionalValues("mp.jwt.verify.audiences", String.class);
        if (issuer.isEmpty() || audiences.isEmpty() || audiences.get().isEmpty()) {
            throw new IllegalStateException("Bearer tokens must be checked for issuer and audience: set "
                    + "MP_JWT_VERIFY_ISSUER to your identity provider's issuer (e.g. https://idp.example/realms/hospital)"
                    + " and MP_JWT_VERIFY_AUDIENCES to the audience it puts in tokens for Relais (e.g. relais)."
                    + (issuer.isEmpty() ? " The issuer is missing." : "")
                    + (audiences.isEmpty() || audiences.get().isEmpty() ? " The audience is missing." : ""));
        }
    }
}
