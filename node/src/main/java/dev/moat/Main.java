package dev.moat;

public final class Main {
    public static void main(String[] args) {
    }
}
