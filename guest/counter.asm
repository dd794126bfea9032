; vdc counter guest: a floppy boot sector that fills the guest's memory above
; 2 MiB with a pattern, then counts forever and writes each count to the
; first serial port ("count=N" lines, ten a second). After a live migration
; the count goes on where it was; after a cold start it begins at 1 again,
; after a new "vdc-counter" banner. That is how the tests prove a guest's
; memory moved. The pattern makes the memory worth copying: QEMU sends
; untouched (zero) pages almost for free, so a filled guest is what makes a
; copy take as long as its size says.
;
; nasm -f bin counter.asm -o counter.img   (a 1.44 MB floppy image)

bits 16
org 0x7c00

COM1 equ 0x3f8
FILL_START equ 0x200000     ; 2 MiB: leaves the BIOS's low memory alone
FILL_SPARE equ 0x100000     ; the top 1 MiB stays untouched (firmware tables)

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    cld

    ; COM1: 115200 baud, 8 data bits, no parity, one stop bit, FIFO on.
    mov dx, COM1 + 1        ; no interrupts
    xor al, al
    out dx, al
    mov dx, COM1 + 3        ; divisor latch access
    mov al, 0x80
    out dx, al
    mov dx, COM1            ; divisor 1
    mov al, 1
    out dx, al
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3        ; 8N1
    mov al, 0x03
    out dx, al
    mov dx, COM1 + 2        ; FIFO
    mov al, 0xc7
    out dx, al

    mov si, banner
    call puts

    ; Memory above 1 MiB: AX (or CX) KiB up to 16 MiB, BX (or DX) 64 KiB
    ; blocks above it. Nothing is filled when the BIOS does not say.
    mov ax, 0xe801
    xor bx, bx
    xor cx, cx
    xor dx, dx
    int 0x15
    jc .counting
    jcxz .use_ax
    mov ax, cx
    mov bx, dx
.use_ax:
    movzx eax, ax
    shl eax, 10             ; KiB -> bytes
    movzx ebx, bx
    shl ebx, 16             ; 64 KiB blocks -> bytes
    lea ebp, [eax + ebx + 0x100000 - FILL_SPARE]   ; end of the fill
    cmp ebp, FILL_START
    jbe .counting

    ; Unreal mode: DS gets a 4 GiB limit through a short trip to protected
    ; mode, so 32-bit addresses reach all memory. Interrupts stay off while
    ; filling (a BIOS handler could reload DS in protected mode).
    cli
    in al, 0x92             ; fast A20
    or al, 2
    and al, 0xfe
    out 0x92, al
    lgdt [gdt_descriptor]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp short .pmode
.pmode:
    mov bx, 0x08
    mov ds, bx
    and al, 0xfe
    mov cr0, eax
    xor ax, ax
    mov ds, ax

    mov edi, FILL_START
.fill:
    mov eax, edi
    xor eax, 0x5a5a5a5a
    mov [edi], eax
    add edi, 4
    cmp edi, ebp
    jb .fill
    sti

    mov si, filled
    call puts
    mov eax, ebp
    shr eax, 20             ; bytes -> MiB (the end address)
    call put_number
    mov si, crlf
    call puts

.counting:
    inc dword [count]
    mov si, prefix
    call puts
    mov eax, [count]
    call put_number
    mov si, crlf
    call puts
    ; BIOS wait: CX:DX microseconds (100,000 = 0x186a0).
    mov ah, 0x86
    mov cx, 0x0001
    mov dx, 0x86a0
    int 0x15
    jmp .counting

; Writes EAX in decimal.
put_number:
    mov di, digits_end
    mov ebx, 10
.digit:
    xor edx, edx
    div ebx
    add dl, '0'
    dec di
    mov [di], dl
    test eax, eax
    jnz .digit
    mov si, di
    ; fall through

; Writes the zero-terminated string at SI.
puts:
    lodsb
    test al, al
    jz .done
    call putc
    jmp puts
.done:
    ret

; Writes AL once the transmitter is ready.
putc:
    push ax
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    pop ax
    mov dx, COM1
    out dx, al
    ret

; A null descriptor and one flat 4 GiB read/write data segment.
gdt:
    dq 0
    dq 0x00cf92000000ffff
gdt_descriptor:
    dw gdt_descriptor - gdt - 1
    dd gdt

banner  db "vdc-counter", 13, 10, 0
filled  db "filled-to-mib=", 0
prefix  db "count=", 0
crlf    db 13, 10, 0
count   dd 0
digits  times 10 db 0
digits_end db 0

times 510 - ($ - $$) db 0
dw 0xaa55
; The rest of a 1.44 MB floppy, so QEMU recognises the image's geometry.
times 1474560 - ($ - $$) db 0
