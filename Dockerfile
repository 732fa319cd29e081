# Multi-stage: build a static binary with the Makefile's build command, ship it alone on a
# distroless base as a non-root user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=unknown
RUN make build VERSION=$VERSION REVISION=$REVISION

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/apimwatch /usr/local/bin/apimwatch
USER nonroot:nonroot
EXPOSE 9247
ENTRYPOINT ["/usr/local/bin/apimwatch"]
CMD ["run"]
