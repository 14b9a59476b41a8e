# The sources of cancela_provider_api (the provider contract), listed once for the main build
# and the fuzz build.
set(CANCELA_PROVIDER_API_SOURCES provider.cc provider_results.cc)
